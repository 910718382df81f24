# Wingtip deployment helper: one script for both tunnel kinds. The profile below is the
# device tunnel; the user-context options are only set when the parsed profile is not one.
param([string]$InstallMode = 'Install')

$TunnelName = 'Wingtip Device'
$TunnelXml = @'
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <DeviceTunnel>true</DeviceTunnel>
  <DnsSuffix>ad.wingtiptoys.com</DnsSuffix>
  <RegisterDNS>true</RegisterDNS>
  <TrustedNetworkDetection>ad.wingtiptoys.com</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>edge.wingtiptoys.com</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
    <CryptographySuite>
      <AuthenticationTransformConstants>GCMAES256</AuthenticationTransformConstants>
      <CipherTransformConstants>GCMAES256</CipherTransformConstants>
      <EncryptionMethod>AES_GCM_256</EncryptionMethod>
      <IntegrityCheckMethod>SHA256</IntegrityCheckMethod>
      <DHGroup>ECP256</DHGroup>
      <PfsGroup>ECP256</PfsGroup>
    </CryptographySuite>
  </NativeProfile>
  <Route><Address>10.80.4.21</Address><PrefixSize>32</PrefixSize></Route>
  <Route><Address>10.80.4.22</Address><PrefixSize>32</PrefixSize></Route>
</VPNProfile>
'@

$Parsed = [xml]$TunnelXml
$Escaped = $TunnelName -replace ' ', '%20'
$Payload = $TunnelXml -replace '<', '&lt;' -replace '>', '&gt;' -replace '"', '&quot;'

if ($Parsed.VPNProfile.DeviceTunnel -eq 'true') {
    if ([Security.Principal.WindowsIdentity]::GetCurrent().User.Value -ne 'S-1-5-18') {
        throw 'A device tunnel has to be created as LOCAL SYSTEM'
    }
}

$Cim = New-CimSession
$CimOptions = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
if ($Parsed.VPNProfile.DeviceTunnel -ne 'true') {
    $UserSid = (Get-CimInstance Win32_ComputerSystem).UserName |
        ForEach-Object { ([Security.Principal.NTAccount]$_).Translate([Security.Principal.SecurityIdentifier]).Value }
    $CimOptions.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
    $CimOptions.SetCustomOption('PolicyPlatformContext_PrincipalContext_Id', "$UserSid", $false)
}

$New = New-Object Microsoft.Management.Infrastructure.CimInstance 'MDM_VPNv2_01', 'root\cimv2\mdm\dmmap'
$New.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', './Vendor/MSFT/VPNv2', 'String', 'Key'))
$New.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', $Escaped, 'String', 'Key'))
$New.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', $Payload, 'String', 'Property'))
$Cim.CreateInstance('root\cimv2\mdm\dmmap', $New, $CimOptions) | Out-Null
