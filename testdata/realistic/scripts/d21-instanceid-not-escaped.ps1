# Litware: deploy with New-CimInstance; the name goes in as typed.
$ProfileName = 'Litware Always On'
$ProfileXML = @'
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.litware.com</DnsSuffix>
  <TrustedNetworkDetection>corp.litware.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>aovpn.litware.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration><EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>nps.corp.litware.com</ServerNames><TrustedRootCA>a4 19 6c e2 7f 30 8d 45 bb 02 c9 71 5e 86 f3 1a d4 67 29 e0</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>0d 6b f2 49 a8 1e 75 c3 90 2f 4d e6 b1 58 83 7a 1c 9e d5 34</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig></Configuration>
      </Eap>
    </Authentication>
  </NativeProfile>
  <Route><Address>172.20.0.0</Address><PrefixSize>16</PrefixSize></Route>
  <DomainNameInformation>
    <DomainName>.corp.litware.com</DomainName>
    <DnsServers>172.20.4.4,172.20.4.5</DnsServers>
  </DomainNameInformation>
</VPNProfile>
'@

New-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_VPNv2_01' -Property @{
    ParentID   = './Vendor/MSFT/VPNv2'
    InstanceID = $ProfileName
    ProfileXML = [Security.SecurityElement]::Escape($ProfileXML)
} | Out-Null
