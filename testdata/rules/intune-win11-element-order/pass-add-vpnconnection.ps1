# Builds the Tailspin lab connection with the RAS cmdlets from the same ProfileXML that
# Intune delivers to the fleet: the lab servers have no MDM bridge. Add-VpnConnection writes
# rasphone.pbk; nothing reads the profile back and compares it, so its order does not matter.
param(
    [string]$Name = 'Tailspin Lab'
)

$Source = [xml]@'
<VPNProfile>
  <AlwaysOn>false</AlwaysOn>
  <DomainNameInformation>
    <DomainName>.lab.tailspin.example</DomainName>
    <DnsServers>10.77.1.5</DnsServers>
  </DomainNameInformation>
  <NativeProfile>
    <Servers>lab-gw.tailspin.example;lab-gw.tailspin.example</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
  </NativeProfile>
  <Route>
    <Address>10.77.0.0</Address>
    <PrefixSize>16</PrefixSize>
  </Route>
</VPNProfile>
'@

$native = $Source.VPNProfile.NativeProfile
$server = ($native.Servers -split ';')[0]
Add-VpnConnection -Name $Name -ServerAddress $server -TunnelType Ikev2 `
    -AuthenticationMethod MachineCertificate -SplitTunneling -AllUserConnection -Force
foreach ($route in $Source.VPNProfile.Route) {
    Add-VpnConnectionRoute -ConnectionName $Name -AllUserConnection `
        -DestinationPrefix "$($route.Address)/$($route.PrefixSize)"
}
