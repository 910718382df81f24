<#
.SYNOPSIS
    Adventure Works: creates the device tunnel from c21-device.xml (GPO startup script, SYSTEM).
#>
[CmdletBinding()]
param(
    [string]$xmlFilePath = (Join-Path $PSScriptRoot 'c21-device.xml'),
    [string]$ProfileName = 'Adventure Works Device Tunnel',
    [switch]$DeviceTunnel = $true
)
$Principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $Principal.Identities.IsSystem) {
    Write-Warning 'Run this script as SYSTEM (device tunnel profiles are machine-wide).'
    exit 1
}

[xml]$Xml = Get-Content -Path $xmlFilePath
if ($DeviceTunnel -and $Xml.VPNProfile.DeviceTunnel -ne 'true') {
    Write-Warning 'ProfileXML is not configured for a device tunnel.'
    return
}
if (Get-VpnConnection -Name $ProfileName -AllUserConnection -ErrorAction SilentlyContinue) {
    Write-Verbose "$ProfileName already exists."
    return
}

$ProfileXML = Get-Content -Path $xmlFilePath
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
