#Requires -Version 5.1
# Proseware force tunnel with a PAC file. The PAC URL carries a query string, so the XML has
# &amp; in it; SecurityElement::Escape escapes the & again for the WMI bridge.

$ProfileName = 'Proseware VPN'
[xml]$Profile = @'
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.proseware.com</DnsSuffix>
  <TrustedNetworkDetection>corp.proseware.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>tunnel.proseware.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <RoutingPolicyType>ForceTunnel</RoutingPolicyType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration><EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.corp.proseware.com</ServerNames><TrustedRootCA>5c 3e 81 a7 0f 64 d2 9b 17 e8 4a c0 36 7d f1 52 a9 08 bb 4e</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>9b 27 d4 0e 63 f8 1a c5 72 b9 0d 4e e3 86 5f 21 c8 7a 30 d6</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig></Configuration>
      </Eap>
    </Authentication>
  </NativeProfile>
  <Proxy>
    <AutoConfigUrl>http://proxy.corp.proseware.com/proxy.pac?site=remote&amp;v=3</AutoConfigUrl>
  </Proxy>
  <DomainNameInformation>
    <DomainName>tunnel.proseware.com</DomainName>
  </DomainNameInformation>
  <DomainNameInformation>
    <DomainName>.</DomainName>
    <DnsServers>10.88.0.10,10.88.0.11</DnsServers>
  </DomainNameInformation>
</VPNProfile>
'@

$Properties = @{
    ParentID   = './Vendor/MSFT/VPNv2'
    InstanceID = [Uri]::EscapeDataString($ProfileName)
    ProfileXML = [Security.SecurityElement]::Escape($Profile.InnerXml)
}
New-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_VPNv2_01' -Property $Properties -ErrorAction Stop | Out-Null
