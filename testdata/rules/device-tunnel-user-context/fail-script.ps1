$ProfileXML = '<VPNProfile><ProfileName>Fabrikam Device Tunnel</ProfileName><AlwaysOn>true</AlwaysOn><DeviceTunnel>true</DeviceTunnel><RegisterDNS>true</RegisterDNS><NativeProfile><Servers>vpn.fabrikam.net</Servers><RoutingPolicyType>SplitTunnel</RoutingPolicyType><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication></NativeProfile><Route><Address>10.20.1.10</Address><PrefixSize>32</PrefixSize></Route><Route><Address>10.20.1.11</Address><PrefixSize>32</PrefixSize></Route></VPNProfile>'
$ProfileXML = $ProfileXML -replace '<', '&lt;'
$ProfileXML = $ProfileXML -replace '>', '&gt;'
$ProfileXML = $ProfileXML -replace '"', '&quot;'
$Options = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
$Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
$NewInstance = New-Object Microsoft.Management.Infrastructure.CimInstance 'MDM_VPNv2_01', 'root\cimv2\mdm\dmmap'
