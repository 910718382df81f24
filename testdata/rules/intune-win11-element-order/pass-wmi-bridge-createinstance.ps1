<#
    Creates the Northwind user tunnel for the signed-in user through the MDM WMI bridge.
    Run as SYSTEM (PsExec -s -i) from the software deployment tool; the profile is not
    delivered by Intune, so Windows' read-back order does not matter here.
#>
$ProfileName = 'Northwind Remote'
$ProfileNameEscaped = $ProfileName -replace ' ', '%20'

$ProfileXML = '<VPNProfile>
  <RememberCredentials>true</RememberCredentials>
  <AlwaysOn>true</AlwaysOn>
  <RegisterDNS>true</RegisterDNS>
  <DomainNameInformation>
    <DomainName>.ad.northwind.example</DomainName>
    <DnsServers>10.60.0.10,10.60.0.11</DnsServers>
  </DomainNameInformation>
  <TrustedNetworkDetection>ad.northwind.example</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>gw.northwind.example;gw.northwind.example</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route>
    <Address>10.60.0.0</Address>
    <PrefixSize>16</PrefixSize>
  </Route>
</VPNProfile>'

$ProfileXML = $ProfileXML -replace '&', '&amp;'
$ProfileXML = $ProfileXML -replace '<', '&lt;'
$ProfileXML = $ProfileXML -replace '>', '&gt;'
$ProfileXML = $ProfileXML -replace '"', '&quot;'

$nodeCSPURI = './Vendor/MSFT/VPNv2'
$namespaceName = 'root\cimv2\mdm\dmmap'
$className = 'MDM_VPNv2_01'

$user = (Get-CimInstance -ClassName Win32_ComputerSystem).UserName
$sid = (New-Object System.Security.Principal.NTAccount($user)).Translate([System.Security.Principal.SecurityIdentifier]).Value

$session = New-CimSession
$options = New-Object Microsoft.Management.Infrastructure.Options.CimOperationOptions
$options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Type', 'PolicyPlatform_UserContext', $false)
$options.SetCustomOption('PolicyPlatformContext_PrincipalContext_Id', "$sid", $false)

$newInstance = New-Object Microsoft.Management.Infrastructure.CimInstance $className, $namespaceName
$newInstance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', $nodeCSPURI, 'String', 'Key'))
$newInstance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', $ProfileNameEscaped, 'String', 'Key'))
$newInstance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', $ProfileXML, 'String', 'Property'))
$session.CreateInstance($namespaceName, $newInstance, $options)
Write-Output "Created $ProfileName for $user"
