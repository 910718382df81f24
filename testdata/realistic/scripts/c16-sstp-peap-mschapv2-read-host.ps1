# Contoso Pharmaceuticals field laptops (Windows 11): SSTP only, because hotel networks block IKE.
# Trusted network detection is optional; press Enter to skip it.

$ProfileName = 'ContosoPharma SSTP'
$Tnd = Read-Host 'Trusted network DNS suffix (Enter = none)'

$ProfileXML  = "<VPNProfile><AlwaysOn>true</AlwaysOn><DnsSuffix>pharma.contosoltd.net</DnsSuffix>"
if (-not [string]::IsNullOrWhiteSpace($Tnd)) {
    $ProfileXML += "<TrustedNetworkDetection>$Tnd</TrustedNetworkDetection>"
}
$ProfileXML += "<NativeProfile><Servers>sstp.pharma.contosoltd.net</Servers><NativeProtocolType>SSTP</NativeProtocolType>"
$ProfileXML += "<RoutingPolicyType>SplitTunnel</RoutingPolicyType><DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>"
$ProfileXML += "<Authentication><UserMethod>Eap</UserMethod><Eap><Configuration><EapHostConfig xmlns=`"http://www.microsoft.com/provisioning/EapHostConfig`"><EapMethod><Type xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">25</Type><VendorId xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">0</VendorId><VendorType xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">0</VendorType><AuthorId xmlns=`"http://www.microsoft.com/provisioning/EapCommon`">0</AuthorId></EapMethod><Config xmlns=`"http://www.microsoft.com/provisioning/EapHostConfig`"><Eap xmlns=`"http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1`"><Type>25</Type><EapType xmlns=`"http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV1`"><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.pharma.contosoltd.net</ServerNames><TrustedRootCA>5c 3e 81 a7 0f 64 d2 9b 17 e8 4a c0 36 7d f1 52 a9 08 bb 4e</TrustedRootCA></ServerValidation><FastReconnect>true</FastReconnect><InnerEapOptional>false</InnerEapOptional><Eap xmlns=`"http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1`"><Type>26</Type><EapType xmlns=`"http://www.microsoft.com/provisioning/MsChapV2ConnectionPropertiesV1`"><UseWinLogonCredentials>true</UseWinLogonCredentials></EapType></Eap><EnableQuarantineChecks>false</EnableQuarantineChecks><RequireCryptoBinding>false</RequireCryptoBinding><PeapExtensions><PerformServerValidation xmlns=`"http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2`">true</PerformServerValidation><AcceptServerName xmlns=`"http://www.microsoft.com/provisioning/MsPeapConnectionPropertiesV2`">true</AcceptServerName></PeapExtensions></EapType></Eap></Config></EapHostConfig></Configuration></Eap></Authentication></NativeProfile>"
$ProfileXML += "<Route><Address>10.160.0.0</Address><PrefixSize>16</PrefixSize></Route>"
$ProfileXML += "<DomainNameInformation><DomainName>.pharma.contosoltd.net</DomainName><DnsServers>10.160.1.1,10.160.1.2</DnsServers></DomainNameInformation>"
$ProfileXML += "</VPNProfile>"

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
