# Intune remediation - detection. Exit 1 (= run the remediation) when the Contoso user tunnel is
# missing or was deployed before the switch to IKEv2.
$ConnectionName = 'Contoso VPN'

$Vpn = Get-VpnConnection -Name $ConnectionName -ErrorAction SilentlyContinue
if ($null -eq $Vpn) {
    Write-Output "$ConnectionName not found"
    exit 1
}

$Escaped = $ConnectionName -replace ' ', '%20'
$Xml = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_VPNv2_01' -ErrorAction SilentlyContinue |
    Where-Object { $_.InstanceID -eq $Escaped } | Select-Object -ExpandProperty ProfileXML

if ($Xml -notmatch '<NativeProtocolType>Ikev2</NativeProtocolType>') {
    Write-Output "$ConnectionName is not IKEv2 yet"
    exit 1
}
Write-Output 'Compliant'
exit 0
