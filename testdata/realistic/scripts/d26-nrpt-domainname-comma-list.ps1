# Adatum user tunnel built from the variables at the top (MakeProfile style, EAP literal).
$ProfileName = 'Adatum VPN'
$Gateway = 'remote.adatum.com'
$Suffixes = 'adatum.local,adatum.com'
$NrptZones = '.adatum.local,.adatum.com'
$Resolvers = '172.20.1.10,172.20.1.11'

$Eap = '<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>radius.adatum.local</ServerNames><TrustedRootCA>5c 91 0e a7 33 d8 4f 12 b6 e0 79 2a c4 8d 61 f5 0b 3e 97 d2</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>e2 47 19 8b c0 5a 3d f6 71 04 ae 92 58 cd 1f 86 b3 29 70 4e</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig>'

$ProfileXML = '<VPNProfile>
  <DnsSuffix>' + $Suffixes + '</DnsSuffix>
  <NativeProfile>
    <Servers>' + $Gateway + '</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>' + $Eap + '</Configuration></Eap></Authentication>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route><Address>172.20.0.0</Address><PrefixSize>16</PrefixSize></Route>
  <AlwaysOn>true</AlwaysOn>
  <TrustedNetworkDetection>adatum.local</TrustedNetworkDetection>
  <DomainNameInformation>
    <DomainName>' + $NrptZones + '</DomainName>
    <DnsServers>' + $Resolvers + '</DnsServers>
  </DomainNameInformation>
</VPNProfile>'

$ProfileXML | Out-File -FilePath "$env:USERPROFILE\Desktop\Adatum_Profile.xml" -Encoding utf8
$Payload = $ProfileXML -replace '<', '&lt;' -replace '>', '&gt;' -replace '"', '&quot;'
$Sid = ([Security.Principal.NTAccount](Get-CimInstance Win32_ComputerSystem).UserName).Translate([Security.Principal.SecurityIdentifier]).Value
$Session = New-CimSession
$Opt = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
$Opt.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
$Opt.SetCustomOption('PolicyPlatformContext_PrincipalContext_Id', $Sid, $false)
$Inst = New-Object Microsoft.Management.Infrastructure.CimInstance 'MDM_VPNv2_01', 'root\cimv2\mdm\dmmap'
$Inst.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', './Vendor/MSFT/VPNv2', 'String', 'Key'))
$Inst.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', ($ProfileName -replace ' ', '%20'), 'String', 'Key'))
$Inst.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', $Payload, 'String', 'Property'))
$Session.CreateInstance('root\cimv2\mdm\dmmap', $Inst, $Opt)
