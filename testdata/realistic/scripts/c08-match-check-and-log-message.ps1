[CmdletBinding()]
param(
    [string]$xmlFilePath = "$PSScriptRoot\c08-profile.xml",
    [string]$ProfileName = 'Woodgrove VPN'
)

$ProfileXML = Get-Content -Path $xmlFilePath -Raw
if ($ProfileXML -notmatch '<VPNProfile>') {
    Write-Warning "$xmlFilePath does not look like ProfileXML (no <VPNProfile> element)."
    exit 1
}
if ($ProfileXML -match '<DeviceTunnel>true</DeviceTunnel>') {
    Write-Warning 'This is a device tunnel profile; use the device tunnel package instead.'
    exit 1
}
Write-Verbose "Deploying <VPNProfile> from $xmlFilePath as '$ProfileName' (expects <UserMethod>Eap</UserMethod>)"

$ProfileNameEscaped = $ProfileName -replace ' ', '%20'
$ProfileXML = $ProfileXML -replace '<', '&lt;'
$ProfileXML = $ProfileXML -replace '>', '&gt;'
$ProfileXML = $ProfileXML -replace '"', '&quot;'

$NodeCSPURI    = './Vendor/MSFT/VPNv2'
$NamespaceName = 'root\cimv2\mdm\dmmap'
$ClassName     = 'MDM_VPNv2_01'

$Sid = [System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value
$Session = New-CimSession
$Options = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
$Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
$Options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Id', "$Sid", $false)

try {
    $Instance = New-Object Microsoft.Management.Infrastructure.CimInstance $ClassName, $NamespaceName
    $Property = [Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', "$NodeCSPURI", 'String', 'Key')
    $Instance.CimInstanceProperties.Add($Property)
    $Property = [Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', "$ProfileNameEscaped", 'String', 'Key')
    $Instance.CimInstanceProperties.Add($Property)
    $Property = [Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', "$ProfileXML", 'String', 'Property')
    $Instance.CimInstanceProperties.Add($Property)
    $Session.CreateInstance($NamespaceName, $Instance, $Options) | Out-Null
    Write-Output "Created VPN profile $ProfileName"
}
catch {
    Write-Output "Unable to create VPN profile $ProfileName : $_"
    exit 1
}
