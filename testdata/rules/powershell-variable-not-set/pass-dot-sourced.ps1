# The values come from a settings file shared by several scripts.
. "$PSScriptRoot\Settings.ps1"
$ProfileXML = '<VPNProfile><AlwaysOn>true</AlwaysOn><NativeProfile><Servers>' + $VpnSever + '</Servers><NativeProtocolType>IKEv2</NativeProtocolType><RoutingPolicyType>SplitTunnel</RoutingPolicyType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile><Route><Address>10.30.0.0</Address><PrefixSize>16</PrefixSize></Route></VPNProfile>'
$ProfileXML | Out-File -FilePath .\Adatum_VPN.xml -Encoding utf8
