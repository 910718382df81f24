#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Creates the Adatum user tunnel for all users through the MDM WMI bridge (CIM cmdlets).
.NOTES
    Deployed by the configuration manager task sequence, not by Intune: the single server
    name and the lone EAP UserMethod are what this route has always used.
#>
[CmdletBinding()]
param(
    [string]$ProfileName = 'Adatum VPN'
)

$ProfileXML = @'
<VPNProfile>
  <RememberCredentials>true</RememberCredentials>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.adatum.example</DnsSuffix>
  <TrustedNetworkDetection>corp.adatum.example</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>remote.adatum.example</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>
          <EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
            <EapMethod>
              <Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type>
              <VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId>
              <VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType>
              <AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId>
            </EapMethod>
            <Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
              <Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">
                <Type>13</Type>
                <EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1">
                  <CredentialsSource>
                    <CertificateStore>
                      <SimpleCertSelection>true</SimpleCertSelection>
                    </CertificateStore>
                  </CredentialsSource>
                  <ServerValidation>
                    <DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation>
                    <ServerNames>nps.corp.adatum.example</ServerNames>
                    <TrustedRootCA>5e 21 9c 0d 47 b3 a8 16 f2 6c 90 3b d5 e7 08 4a c1 72 9f 2e</TrustedRootCA>
                  </ServerValidation>
                  <DifferentUsername>false</DifferentUsername>
                  <PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation>
                  <AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName>
                </EapType>
              </Eap>
            </Config>
          </EapHostConfig>
        </Configuration>
      </Eap>
    </Authentication>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route>
    <Address>10.12.0.0</Address>
    <PrefixSize>16</PrefixSize>
  </Route>
</VPNProfile>
'@

$escaped = [System.Security.SecurityElement]::Escape($ProfileXML)
$instanceId = [uri]::EscapeDataString($ProfileName)
$namespace = 'root\cimv2\mdm\dmmap'

$existing = Get-CimInstance -Namespace $namespace -ClassName MDM_VPNv2_01 |
    Where-Object InstanceID -eq $instanceId
if ($existing) {
    Remove-CimInstance -InputObject $existing
}

New-CimInstance -Namespace $namespace -ClassName MDM_VPNv2_01 -Property @{
    ParentID   = './Vendor/MSFT/VPNv2'
    InstanceID = $instanceId
    ProfileXML = $escaped
}
