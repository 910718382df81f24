# Wingtip: one ConfigMgr package deploys both tunnels. The device tunnel is created here (the
# package runs as SYSTEM); the user tunnel is created for the signed-in user found via explorer.exe.
$Principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $Principal.Identities.IsSystem) {
    Write-Warning 'Run this script as SYSTEM (device tunnel profiles are machine-wide).'
    exit 1
}

$DeviceProfileName = 'Wingtip Device Tunnel'
$UserProfileName   = 'Wingtip VPN'

$DeviceXML = '<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DeviceTunnel>true</DeviceTunnel>
  <RegisterDNS>true</RegisterDNS>
  <NativeProfile>
    <Servers>dt.wingtiptoys.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route><Address>10.70.1.10</Address><PrefixSize>32</PrefixSize></Route>
  <Route><Address>10.70.1.11</Address><PrefixSize>32</PrefixSize></Route>
  <Route><Address>10.70.2.25</Address><PrefixSize>32</PrefixSize></Route>
</VPNProfile>'

$UserXML = '<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.wingtiptoys.com</DnsSuffix>
  <TrustedNetworkDetection>corp.wingtiptoys.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>vpn.wingtiptoys.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap><Configuration><EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">25</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>25</Type><EapType xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV1"><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps01.corp.wingtiptoys.com;nps02.corp.wingtiptoys.com</ServerNames><TrustedRootCA>e1 04 7b 9a 2c 58 f3 6d 81 c2 4f a0 97 3e 5b d8 06 6a 1f c4</TrustedRootCA></ServerValidation><FastReconnect>true</FastReconnect><InnerEapOptional>false</InnerEapOptional><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps01.corp.wingtiptoys.com;nps02.corp.wingtiptoys.com</ServerNames><TrustedRootCA>e1 04 7b 9a 2c 58 f3 6d 81 c2 4f a0 97 3e 5b d8 06 6a 1f c4</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>27 8e c1 5a 03 bd 94 6f e2 18 7c 45 b0 d9 31 8a 6e f7 02 9c</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap><EnableQuarantineChecks>false</EnableQuarantineChecks><RequireCryptoBinding>false</RequireCryptoBinding><PeapExtensions><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2">true</AcceptServerName></PeapExtensions></EapType></Eap></Config></EapHostConfig></Configuration></Eap>
    </Authentication>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route><Address>10.70.0.0</Address><PrefixSize>15</PrefixSize></Route>
  <DomainNameInformation>
    <DomainName>.corp.wingtiptoys.com</DomainName>
    <DnsServers>10.70.1.10,10.70.1.11</DnsServers>
  </DomainNameInformation>
</VPNProfile>'

function Add-VpnProfile([string]$Name, [string]$Xml, [string]$UserSid) {
    $Escaped = [System.Security.SecurityElement]::Escape($Xml)
    $Session = New-CimSession
    $Options = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
    if ($UserSid) {
        $Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
        $Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Id', $UserSid, $false)
    }
    $Instance = New-Object Microsoft.Management.Infrastructure.CimInstance 'MDM_VPNv2_01', 'root\cimv2\mdm\dmmap'
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', './Vendor/MSFT/VPNv2', 'String', 'Key'))
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', ($Name -replace ' ', '%20'), 'String', 'Key'))
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', $Escaped, 'String', 'Property'))
    $Session.CreateInstance('root\cimv2\mdm\dmmap', $Instance, $Options) | Out-Null
}

Add-VpnProfile -Name $DeviceProfileName -Xml $DeviceXML

$Owner = (Get-CimInstance Win32_Process -Filter "Name='explorer.exe'" | Select-Object -First 1 | Invoke-CimMethod -MethodName GetOwnerSid).Sid
if ($Owner) {
    Add-VpnProfile -Name $UserProfileName -Xml $UserXML -UserSid $Owner
} else {
    Write-Output 'No user signed in; the user tunnel will be created at next run.'
}
