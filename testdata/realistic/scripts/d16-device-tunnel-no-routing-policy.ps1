# Tailspin device tunnel (GPO startup script as SYSTEM).
$Principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $Principal.Identities.IsSystem) {
    Write-Warning 'Run this script as SYSTEM (device tunnel profiles are machine-wide).'
    exit 1
}
$ProfileName = 'Tailspin Device Tunnel'
$ProfileXML = '<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DeviceTunnel>true</DeviceTunnel>
  <RegisterDNS>true</RegisterDNS>
  <NativeProfile>
    <Servers>dt.tailspintoys.com</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
  </NativeProfile>
  <Route><Address>10.55.0.10</Address><PrefixSize>32</PrefixSize></Route>
  <Route><Address>10.55.0.11</Address><PrefixSize>32</PrefixSize></Route>
</VPNProfile>'

$ProfileNameEscaped = $ProfileName -replace ' ', '%20'
$ProfileXML = $ProfileXML -replace '<', '&lt;'
$ProfileXML = $ProfileXML -replace '>', '&gt;'
$ProfileXML = $ProfileXML -replace '"', '&quot;'

$NodeCSPURI    = './Vendor/MSFT/VPNv2'
$NamespaceName = 'root\cimv2\mdm\dmmap'
$ClassName     = 'MDM_VPNv2_01'

$Session = New-CimSession
try {
    $Instance = New-Object Microsoft.Management.Infrastructure.CimInstance $ClassName, $NamespaceName
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', $NodeCSPURI, 'String', 'Key'))
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', $ProfileNameEscaped, 'String', 'Key'))
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', $ProfileXML, 'String', 'Property'))
    $Session.CreateInstance($NamespaceName, $Instance) | Out-Null
}
catch {
    Write-Warning "Device tunnel $ProfileName could not be created: $($_.Exception.Message)"
    exit 1
}
