# Recreates the Litware connection with the RAS cmdlets on kiosks that are not enrolled in
# MDM. The ProfileXML below is the team's single source; this script reads its values.
$Name = 'Litware VPN'
$Source = [xml]@'
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <NativeProfile>
    <Servers>vpn.litware.example</Servers>
    <RoutingPolicyType>ForceTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
  </NativeProfile>
</VPNProfile>
'@

$server = $Source.VPNProfile.NativeProfile.Servers
if (Get-VpnConnection -Name $Name -AllUserConnection -ErrorAction SilentlyContinue) {
    Set-VpnConnection -Name $Name -ServerAddress $server -AllUserConnection -Force
} else {
    Add-VpnConnection -Name $Name -ServerAddress $server -TunnelType Ikev2 `
        -AuthenticationMethod MachineCertificate -AllUserConnection -Force
}
