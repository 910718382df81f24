# Northwind: EAP block retyped from the Microsoft docs page.
$ProfileName = 'Northwind VPN'
$EapConfig = @'
<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
  <EapMethod>
    <Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type>
    <VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId>
    <VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType>
    <AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId>
  </EapMethod>
  <Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
    <Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">
      <Type>13</Type>
      <EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1">
        <CredentialsSource>
          <CertificateStore>
            <SimpleCertSelection>true</SimpleCertSelection>
          </CertificateStore>
        </CredentialsSource>
        <ServerValidation>
          <DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation>
          <ServerNames>nps1.nw.northwindtraders.com</ServerNames>
          <TrustedRootCA>e1 04 7b 9a 2c 58 f3 6d 81 c2 4f a0 97 3e 5b d8 06 6a 1f c4</TrustedRootCA>
        </ServerValidation>
        <DifferentUsername>false</DifferentUsername>
        <PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation>
        <AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName>
        <TLSExtensions xmlns="https://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">
          <FilteringInfo xmlns="https://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3">
            <CAHashList Enabled="true">
              <IssuerHash>27 8e c1 5a 03 bd 94 6f e2 18 7c 45 b0 d9 31 8a 6e f7 02 9c</IssuerHash>
            </CAHashList>
          </FilteringInfo>
        </TLSExtensions>
      </EapType>
    </Eap>
  </Config>
</EapHostConfig>
'@

$ProfileXML = '<VPNProfile><AlwaysOn>true</AlwaysOn><DnsSuffix>nw.northwindtraders.com</DnsSuffix><TrustedNetworkDetection>nw.northwindtraders.com</TrustedNetworkDetection><NativeProfile><Servers>vpn-emea.northwindtraders.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType><RoutingPolicyType>SplitTunnel</RoutingPolicyType><DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute><Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>' + $EapConfig + '</Configuration></Eap></Authentication></NativeProfile><Route><Address>10.80.0.0</Address><PrefixSize>14</PrefixSize></Route><DomainNameInformation><DomainName>.nw.northwindtraders.com</DomainName><DnsServers>10.80.0.20,10.81.0.20</DnsServers></DomainNameInformation></VPNProfile>'

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
