[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ConnectionName,
    [string]$Path = '.\ProfileXML.xml'
)
# Exports the ProfileXML Windows holds for a connection, indented, for a support ticket.
$Escaped = $ConnectionName -replace ' ', '%20'
$Raw = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_VPNv2_01' `
    -Filter "ParentID='./Vendor/MSFT/VPNv2' and InstanceID='$Escaped'" | Select-Object -ExpandProperty ProfileXML
if (-not $Raw) { throw "No VPNv2 profile named $ConnectionName" }

[xml]$Xml = $Raw
$Settings = New-Object System.Xml.XmlWriterSettings
$Settings.Indent = $true
$Settings.Encoding = New-Object System.Text.UTF8Encoding $false
$Writer = [System.Xml.XmlWriter]::Create((Resolve-Path -LiteralPath (Split-Path $Path -Parent)).Path + '\' + (Split-Path $Path -Leaf), $Settings)
$Xml.Save($Writer)
$Writer.Close()
Write-Verbose "Wrote <VPNProfile> of $ConnectionName to $Path"
