# Fail: one package creates both tunnels; both register the machine in DNS.
$DeviceXml = @'
<VPNProfile>
  <ProfileName>Contoso Device Tunnel</ProfileName>
  <AlwaysOn>true</AlwaysOn>
  <DeviceTunnel>true</DeviceTunnel>
  <TrustedNetworkDetection>lan.contoso.internal</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>aovpn.contoso.com;aovpn.contoso.com</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
    <CryptographySuite>
      <AuthenticationTransformConstants>GCMAES256</AuthenticationTransformConstants>
      <CipherTransformConstants>GCMAES256</CipherTransformConstants>
      <PfsGroup>ECP384</PfsGroup>
      <DHGroup>ECP384</DHGroup>
      <IntegrityCheckMethod>SHA384</IntegrityCheckMethod>
      <EncryptionMethod>AES_GCM_256</EncryptionMethod>
    </CryptographySuite>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route>
    <Address>10.60.4.20</Address>
    <PrefixSize>32</PrefixSize>
  </Route>
  <Route>
    <Address>10.60.4.21</Address>
    <PrefixSize>32</PrefixSize>
  </Route>
  <RegisterDNS>true</RegisterDNS>
</VPNProfile>
'@

$UserXml = @'
<VPNProfile>
  <ProfileName>Contoso VPN</ProfileName>
  <RememberCredentials>true</RememberCredentials>
  <AlwaysOn>true</AlwaysOn>
  <DnsSuffix>corp.contoso.com</DnsSuffix>
  <TrustedNetworkDetection>lan.contoso.internal</TrustedNetworkDetection>
  <NativeProfile>
    <Servers>vpn.contoso.com;vpn.contoso.com</Servers>
    <RoutingPolicyType>SplitTunnel</RoutingPolicyType>
    <NativeProtocolType>IKEv2</NativeProtocolType>
    <Authentication>
      <UserMethod>Eap</UserMethod>
      <MachineMethod>Eap</MachineMethod>
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
                    <ServerNames>nps-east.corp.contoso.com</ServerNames>
                    <TrustedRootCA>9c 41 e0 7d 2b 86 53 fa 10 c7 38 e4 5d a1 06 bf 72 19 8e 3d</TrustedRootCA>
                  </ServerValidation>
                  <DifferentUsername>false</DifferentUsername>
                  <PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation>
                  <AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName>
                  <TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">
                    <FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3">
                      <CAHashList Enabled="true">
                        <IssuerHash>4e 0b 93 c8 61 2a f5 d7 08 b4 3c 9e 27 51 ad 6f e2 80 1b 74</IssuerHash>
                      </CAHashList>
                    </FilteringInfo>
                  </TLSExtensions>
                </EapType>
              </Eap>
            </Config>
          </EapHostConfig>
        </Configuration>
      </Eap>
    </Authentication>
    <CryptographySuite>
      <AuthenticationTransformConstants>GCMAES256</AuthenticationTransformConstants>
      <CipherTransformConstants>GCMAES256</CipherTransformConstants>
      <PfsGroup>ECP384</PfsGroup>
      <DHGroup>ECP384</DHGroup>
      <IntegrityCheckMethod>SHA384</IntegrityCheckMethod>
      <EncryptionMethod>AES_GCM_256</EncryptionMethod>
    </CryptographySuite>
    <DisableClassBasedDefaultRoute>true</DisableClassBasedDefaultRoute>
  </NativeProfile>
  <Route>
    <Address>10.60.0.0</Address>
    <PrefixSize>14</PrefixSize>
  </Route>
  <DomainNameInformation>
    <DomainName>.corp.contoso.com</DomainName>
    <DnsServers>10.60.4.20,10.60.4.21</DnsServers>
  </DomainNameInformation>
  <RegisterDNS>true</RegisterDNS>
</VPNProfile>
'@

function New-VpnProfile([string]$Name, [string]$Xml) {
    $Session = New-CimSession
    $Instance = New-Object Microsoft.Management.Infrastructure.CimInstance 'MDM_VPNv2_01', 'root\cimv2\mdm\dmmap'
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ParentID', './Vendor/MSFT/VPNv2', 'String', 'Key'))
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('InstanceID', $Name, 'String', 'Key'))
    $Instance.CimInstanceProperties.Add([Microsoft.Management.Infrastructure.CimProperty]::Create('ProfileXML', [System.Security.SecurityElement]::Escape($Xml), 'String', 'Property'))
    $Session.CreateInstance('root\cimv2\mdm\dmmap', $Instance) | Out-Null
}

New-VpnProfile -Name 'Contoso%20Device%20Tunnel' -Xml $DeviceXml
New-VpnProfile -Name 'Contoso%20VPN' -Xml $UserXml
