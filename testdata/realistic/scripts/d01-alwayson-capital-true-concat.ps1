# Generates the Tailspin user tunnel from the template connection; values at the top.
$Template    = 'Tailspin Template'
$Servers     = 'vpn.tailspintoys.com'
$DnsSuffix   = 'corp.tailspintoys.com'
$DomainName  = '.corp.tailspintoys.com'
$DNSServers  = '10.55.0.10,10.55.0.11'

$EAPSettings = (Get-VpnConnection -Name $Template).EapConfigXmlStream.InnerXml

$ProfileXML = '<VPNProfile>
  <AlwaysOn>True</AlwaysOn>
  <DnsSuffix>' + $DnsSuffix + '</DnsSuffix>
  <TrustedNetworkDetection>' + $DnsSuffix + '</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>' + $Servers + '</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap><Configuration>' + $EAPSettings + '</Configuration></Eap>
    </Authentication>
  </NativeProfile>
  <Route><Address>10.55.0.0</Address><PrefixSize>16</PrefixSize></Route>
  <DomainNameInformation>
    <DomainName>' + $DomainName + '</DomainName>
    <DnsServers>' + $DNSServers + '</DnsServers>
  </DomainNameInformation>
</VPNProfile>'

$ProfileXML | Out-File -FilePath "$env:USERPROFILE\Desktop\VPN_Profile.xml"
