# Adatum user tunnel: the server name is kept in one place.
$VpnServer = 'vpn.adatum.com'
$ProfileXML = @"
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.adatum.com</DnsSuffix>
  <TrustedNetworkDetection>corp.adatum.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>$VpnServer</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <Authentication><MachineMethod>Certificate</MachineMethod></Authentication>
  </NativeProfile>
  <Route><Address>10.30.0.0</Address><PrefixSize>16</PrefixSize></Route>
</VPNProfile>
"@
$ProfileXML | Out-File -FilePath .\Adatum_VPN.xml -Encoding utf8
