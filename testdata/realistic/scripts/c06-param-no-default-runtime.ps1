<#
.SYNOPSIS
    Generic generator used by our service desk for customer tenants. Every value is passed in.
.EXAMPLE
    .\New-CustomerVpnProfile.ps1 -TemplateName Tmpl -ProfileName 'Customer VPN' -Servers vpn.example.com `
        -DNSSuffix corp.example.com -DomainName .corp.example.com -DNSServers 10.0.0.10 -TrustedNetwork corp.example.com
#>
param(
    [Parameter(Mandatory = $true)][string]$TemplateName,
    [Parameter(Mandatory = $true)][string]$ProfileName,
    [Parameter(Mandatory = $true)][string]$Servers,
    [Parameter(Mandatory = $true)][string]$DNSSuffix,
    [Parameter(Mandatory = $true)][string]$DomainName,
    [Parameter(Mandatory = $true)][string]$DNSServers,
    [Parameter(Mandatory = $true)][string]$TrustedNetwork
)

$Connection = Get-VpnConnection -Name $TemplateName -ErrorAction Stop
$EAPSettings = $Connection.EapConfigXmlStream.InnerXml

$ProfileXML = @("
<VPNProfile>
  <DnsSuffix>${DNSSuffix}</DnsSuffix>
  <NativeProfile>
    <Servers>${Servers}</Servers>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <Eap>
        <Configuration>
          ${EAPSettings}
        </Configuration>
      </Eap>
    </Authentication>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
  </NativeProfile>
  <AlwaysOn>true</AlwaysOn>
  <RememberCredentials>true</RememberCredentials>
  <TrustedNetworkDetection>$TrustedNetwork</TrustedNetworkDetection>
  <DomainNameInformation>
    <DomainName>$DomainName</DomainName>
    <DnsServers>$DNSServers</DnsServers>
  </DomainNameInformation>
</VPNProfile>
")

$Desktop = [Environment]::GetFolderPath([Environment+SpecialFolder]::Desktop)
$ProfileXML | Out-File -FilePath "$Desktop\VPN_Profile.xml"
Write-Host "Profile for $ProfileName written to $Desktop\VPN_Profile.xml"
