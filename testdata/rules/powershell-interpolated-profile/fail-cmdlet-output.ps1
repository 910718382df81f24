$EapXml = Get-Content -Path "$PSScriptRoot\eap-peap.xml" -Raw
$ProfileXML = @"
<VPNProfile><ProfileName>Fabrikam VPN</ProfileName><RememberCredentials>true</RememberCredentials><AlwaysOn>true</AlwaysOn><DnsSuffix>corp.fabrikam.net</DnsSuffix><TrustedNetworkDetection>corp.fabrikam.net</TrustedNetworkDetection><NativeProfile><Servers>vpn.fabrikam.net</Servers><RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>$EapXml</Configuration></Eap></Authentication></NativeProfile><Route><Address>10.20.0.0</Address><PrefixSize>16</PrefixSize></Route></VPNProfile>
"@
