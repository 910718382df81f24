# Quick-and-dirty helper for the Tailspin lab: asks for the gateway and the lab suffix.
while ([string]::IsNullOrWhiteSpace($Gateway)) { $Gateway = Read-Host 'VPN gateway name' }
$LabSuffix = Read-Host 'Lab DNS suffix (e.g. lab3.tailspintoys.com)'

$ProfileName = "Tailspin Lab - $LabSuffix"
$ProfileXML = "<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>$LabSuffix</DnsSuffix>
  <TrustedNetworkDetection>$LabSuffix</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>$Gateway</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap><Configuration><EapHostConfig xmlns=`"http://www.microsoft.com/provisioning/EapHostConfig`"><EapMethod><Type xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">13</Type><VendorId xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">0</VendorId><VendorType xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">0</VendorType><AuthorId xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">0</AuthorId></EapMethod><Config xmlns=`"http://www.microsoft.com/provisioning/EapHostConfig`"><Eap xmlns=`"http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1`"><Type>13</Type><EapType xmlns=`"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1`"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.lab.tailspintoys.com</ServerNames><TrustedRootCA>a4 19 6c e2 7f 30 8d 45 bb 02 c9 71 5e 86 f3 1a d4 67 29 e0</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns=`"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2`">true</PerformServerValidation><AcceptServerName xmlns=`"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2`">true</AcceptServerName><TLSExtensions xmlns=`"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2`"><FilteringInfo xmlns=`"http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3`"><CAHashList Enabled=`"true`"><IssuerHash>0d 6b f2 49 a8 1e 75 c3 90 2f 4d e6 b1 58 83 7a 1c 9e d5 34</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig></Configuration></Eap>
    </Authentication>
  </NativeProfile>
  <Route><Address>10.99.0.0</Address><PrefixSize>16</PrefixSize></Route>
</VPNProfile>"

$ProfileNameEscaped = [uri]::EscapeDataString($ProfileName)
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
