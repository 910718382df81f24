# Fabrikam Residences: the RRAS servers only accept the custom policy below, so the profile
# carries a matching CryptographySuite. Assembled piece by piece so sections can be switched off.

$ProfileName = 'Residences VPN'
$UseNrpt = $true

$ProfileXML = '<VPNProfile>'
$ProfileXML += '<AlwaysOn>true</AlwaysOn>'
$ProfileXML += '<DnsSuffix>res.fabrikam.com</DnsSuffix>'
$ProfileXML += '<TrustedNetworkDetection>res.fabrikam.com</TrustedNetworkDetection>'
$ProfileXML += '<NativeProfile>'
$ProfileXML += '<Servers>residences.fabrikam.com</Servers>'
$ProfileXML += '<RoutingPolicyType>SplitTunnel</RoutingPolicyType>'
$ProfileXML += '<NativeProtocolType>IKEv2</NativeProtocolType>'
$ProfileXML += '<DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>'
$ProfileXML += '<CryptographySuite>'
$ProfileXML += '<AuthenticationTransformConstants>GCMAES256</AuthenticationTransformConstants>'
$ProfileXML += '<CipherTransformConstants>GCMAES256</CipherTransformConstants>'
$ProfileXML += '<PfsGroup>PFS2048</PfsGroup>'
$ProfileXML += '<DHGroup>Group14</DHGroup>'
$ProfileXML += '<IntegrityCheckMethod>SHA256</IntegrityCheckMethod>'
$ProfileXML += '<EncryptionMethod>AES_GCM_256</EncryptionMethod>'
$ProfileXML += '</CryptographySuite>'
$ProfileXML += '<Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>'
$ProfileXML += '<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.res.fabrikam.com</ServerNames><TrustedRootCA>e1 04 7b 9a 2c 58 f3 6d 81 c2 4f a0 97 3e 5b d8 06 6a 1f c4</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>27 8e c1 5a 03 bd 94 6f e2 18 7c 45 b0 d9 31 8a 6e f7 02 9c</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig>'
$ProfileXML += '</Configuration></Eap></Authentication>'
$ProfileXML += '</NativeProfile>'
$ProfileXML += '<Route><Address>10.200.0.0</Address><PrefixSize>16</PrefixSize></Route>'
if ($UseNrpt) {
    $ProfileXML += '<DomainNameInformation><DomainName>.res.fabrikam.com</DomainName><DnsServers>10.200.0.10</DnsServers></DomainNameInformation>'
}
$ProfileXML += '</VPNProfile>'

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
