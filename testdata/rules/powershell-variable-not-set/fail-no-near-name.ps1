$ProfileXML = '<VPNProfile><AlwaysOn>true</AlwaysOn><NativeProfile><Servers>vpn.adatum.com</Servers><RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile>' + $RouteBlock + '</VPNProfile>'
$ProfileXML | Out-File -FilePath .\Adatum_VPN.xml -Encoding utf8
