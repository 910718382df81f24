# Fourth Coffee: EAP settings exported from the reference laptop live next to this script.
$EapFile = Join-Path $PSScriptRoot 'c12-eap.xml'
[xml]$Eap = Get-Content -Path $EapFile -Raw

$Name = 'Fourth Coffee VPN'
if (Get-VpnConnection -Name $Name -ErrorAction SilentlyContinue) {
    Remove-VpnConnection -Name $Name -Force
}

Add-VpnConnection -Name $Name -ServerAddress 'connect.fourthcoffee.com' -TunnelType Ikev2 `
    -EncryptionLevel Required -AuthenticationMethod Eap -EapConfigXmlStream $Eap `
    -SplitTunneling -RememberCredential -DnsSuffix 'corp.fourthcoffee.com' -Force

foreach ($Prefix in '10.140.0.0/16', '10.141.0.0/16') {
    Add-VpnConnectionRoute -ConnectionName $Name -DestinationPrefix $Prefix
}
Write-Host "Created $Name using EAP settings from $EapFile"
