$ProfileXML = '<VPNProfile><AlwaysOn>true</AlwaysOn><NativeProfile><Servers>vpn.adatum.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType><RoutingPolicyType>SplitTunnel</RoutingPolicyType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile>' + $RouteBlock + '</VPNProfile>'
$ProfileXML | Out-File -FilePath .\Adatum_VPN.xml -Encoding utf8
