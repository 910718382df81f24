# Lucerne Publishing device tunnel. Host routes for the domain controllers are generated from
# the list below (refresh it with: (Get-ADDomainController -Filter *).IPv4Address).
$Principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $Principal.Identities.IsSystem) {
    Write-Warning 'Run this script as SYSTEM (device tunnel profiles are machine-wide).'
    exit 1
}

$ProfileName = 'Lucerne Device Tunnel'
$DomainControllers = @('10.44.0.11', '10.44.0.12', '10.45.0.11')
$ManagementHosts   = @('10.44.9.20', '10.44.9.21')

$Routes = ''
foreach ($Ip in $DomainControllers + $ManagementHosts) {
    $Routes += "<Route><Address>$Ip</Address><PrefixSize>32</PrefixSize></Route>"
}

$ProfileXML = "<VPNProfile><NativeProfile><Servers>device.lucernepublishing.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType><Authentication><MachineMethod>Certificate</MachineMethod></Authentication><RoutingPolicyType>SplitTunnel</RoutingPolicyType><DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute><CryptographySuite><AuthenticationTransformConstants>GCMAES128</AuthenticationTransformConstants><CipherTransformConstants>GCMAES128</CipherTransformConstants><EncryptionMethod>AES_GCM_128</EncryptionMethod><IntegrityCheckMethod>SHA256</IntegrityCheckMethod><DHGroup>ECP256</DHGroup><PfsGroup>ECP256</PfsGroup></CryptographySuite></NativeProfile>$Routes<AlwaysOn>true</AlwaysOn><DeviceTunnel>true</DeviceTunnel><RegisterDNS>true</RegisterDNS></VPNProfile>"

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
