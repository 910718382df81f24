# Fabrikam HQ and branches: two trusted suffixes.
$ProfileName = 'Fabrikam VPN'
$ProfileXML = '<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>ad.fabrikam.com</DnsSuffix>
  <TrustedNetworkDetection>ad.fabrikam.com;branch.fabrikam.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>remote.fabrikam.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration><EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">25</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>25</Type><EapType xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV1"><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps01.ad.fabrikam.com</ServerNames><TrustedRootCA>e1 04 7b 9a 2c 58 f3 6d 81 c2 4f a0 97 3e 5b d8 06 6a 1f c4</TrustedRootCA></ServerValidation><FastReconnect>true</FastReconnect><InnerEapOptional>false</InnerEapOptional><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps01.ad.fabrikam.com</ServerNames><TrustedRootCA>e1 04 7b 9a 2c 58 f3 6d 81 c2 4f a0 97 3e 5b d8 06 6a 1f c4</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>27 8e c1 5a 03 bd 94 6f e2 18 7c 45 b0 d9 31 8a 6e f7 02 9c</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap><EnableQuarantineChecks>false</EnableQuarantineChecks><RequireCryptoBinding>false</RequireCryptoBinding><PeapExtensions><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2">true</AcceptServerName></PeapExtensions></EapType></Eap></Config></EapHostConfig></Configuration>
      </Eap>
    </Authentication>
  </NativeProfile>
  <Route><Address>10.50.0.0</Address><PrefixSize>15</PrefixSize></Route>
  <DomainNameInformation>
    <DomainName>.ad.fabrikam.com</DomainName>
    <DnsServers>10.50.1.10,10.50.1.11</DnsServers>
  </DomainNameInformation>
</VPNProfile>'

$ProfileNameEscaped = $ProfileName -replace ' ', '%20'
$ProfileXML = $ProfileXML -replace '<', '&lt;'
$ProfileXML = $ProfileXML -replace '>', '&gt;'
$ProfileXML = $ProfileXML -replace '"', '&quot;'

$NodeCSPURI    = './Vendor/MSFT/VPNv2'
$NamespaceName = 'root\cimv2\mdm\dmmap'
$ClassName     = 'MDM_VPNv2_01'

$Sid = [System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value
$Session = New-CimSession
$Options = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
$Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
$Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Id', "$Sid", $false)

try {
    $Instance = New-Object Microsoft.Management.Infrastructure.CimInstance $ClassName, $NamespaceName
    $Property = [Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', "$NodeCSPURI", 'String', 'Key')
    $Instance.CimInstanceProperties.Add($Property)
    $Property = [Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', "$ProfileNameEscaped", 'String', 'Key')
    $Instance.CimInstanceProperties.Add($Property)
    $Property = [Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', "$ProfileXML", 'String', 'Property')
    $Instance.CimInstanceProperties.Add($Property)
    $Session.CreateInstance($NamespaceName, $Instance, $Options) | Out-Null
    Write-Output "Created VPN profile $ProfileName"
}
catch {
    Write-Output "Unable to create VPN profile $ProfileName : $_"
    exit 1
}
