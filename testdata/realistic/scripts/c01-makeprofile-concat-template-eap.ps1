# Builds the Contoso user tunnel from the template connection "AOVPN Template" that was
# created by hand on this workstation, then writes VPN_Profile.xml and VPN_Profile.ps1
# to the desktop for the rollout team.

$Template       = 'AOVPN Template'
$ProfileName    = 'Contoso VPN'
$Servers        = 'vpn.contosoltd.net'
$DnsSuffix      = 'corp.contosoltd.net'
$DomainName     = '.corp.contosoltd.net'
$DNSServers     = '10.10.0.10,10.10.0.11'
$TrustedNetwork = 'corp.contosoltd.net'

$Connection = Get-VpnConnection -Name $Template
if (!$Connection) {
    Write-Host "Template connection $Template not found"
    exit
}
$EAPSettings = $Connection.EapConfigXmlStream.InnerXml

$ProfileXML =
'<VPNProfile>
  <DnsSuffix>' + $DnsSuffix + '</DnsSuffix>
  <NativeProfile>
    <Servers>' + $Servers + '</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>
' + $EAPSettings + '
        </Configuration>
      </Eap>
    </Authentication>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route>
    <Address>10.10.0.0</Address>
    <PrefixSize>16</PrefixSize>
  </Route>
  <AlwaysOn>true</AlwaysOn>
  <RememberCredentials>true</RememberCredentials>
  <TrustedNetworkDetection>' + $TrustedNetwork + '</TrustedNetworkDetection>
  <DomainNameInformation>
    <DomainName>' + $DomainName + '</DomainName>
    <DnsServers>' + $DNSServers + '</DnsServers>
  </DomainNameInformation>
</VPNProfile>'

$ProfileXML | Out-File -FilePath ($env:USERPROFILE + '\desktop\VPN_Profile.xml')

$Script = '$ProfileName = ''' + $ProfileName + '''
$ProfileNameEscaped = $ProfileName -replace '' '', ''%20''

$ProfileXML = ''' + $ProfileXML + '''

$ProfileXML = $ProfileXML -replace ''<'', ''&lt;''
$ProfileXML = $ProfileXML -replace ''>'', ''&gt;''
$ProfileXML = $ProfileXML -replace ''"'', ''&quot;''

$nodeCSPURI = ''./Vendor/MSFT/VPNv2''
$namespaceName = ''root\cimv2\mdm\dmmap''
$className = ''MDM_VPNv2_01''

$session = New-CimSession
$newInstance = New-Object Microsoft.Management.Infrastructure.CimInstance $className, $namespaceName
$property = [Microsoft.Management.Infrastructure.CimProperty]::Create(''ParentID'', "$nodeCSPURI", ''String'', ''Key'')
$newInstance.CimInstanceProperties.Add($property)
$property = [Microsoft.Management.Infrastructure.CimProperty]::Create(''InstanceID'', "$ProfileNameEscaped", ''String'', ''Key'')
$newInstance.CimInstanceProperties.Add($property)
$property = [Microsoft.Management.Infrastructure.CimProperty]::Create(''ProfileXML'', "$ProfileXML", ''String'', ''Property'')
$newInstance.CimInstanceProperties.Add($property)
$session.CreateInstance($namespaceName, $newInstance)
'

$Script | Out-File -FilePath ($env:USERPROFILE + '\desktop\VPN_Profile.ps1')
Write-Host 'VPN_Profile.xml and VPN_Profile.ps1 written to the desktop.'
