# Small office without Intune: creates an all-users IKEv2 connection with EAP-TLS from the user's
# certificate, restricted to certificates from the Margie's Travel issuing CA.

$EapXml = '<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><EapMethod><Type xmlns="http://www.microsoft.com/provisioning/EapCommon">13</Type><VendorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorId><VendorType xmlns="http://www.microsoft.com/provisioning/EapCommon">0</VendorType><AuthorId xmlns="http://www.microsoft.com/provisioning/EapCommon">0</AuthorId></EapMethod><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Eap xmlns="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><Type>13</Type><EapType xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV1"><CredentialsSource><CertificateStore><SimpleCertSelection>true</SimpleCertSelection></CertificateStore></CredentialsSource><ServerValidation><DisableUserPromptForServerValidation>true</DisableUserPromptForServerValidation><ServerNames>radius.office.margiestravel.com</ServerNames><TrustedRootCA>a4 19 6c e2 7f 30 8d 45 bb 02 c9 71 5e 86 f3 1a d4 67 29 e0</TrustedRootCA></ServerValidation><DifferentUsername>false</DifferentUsername><PerformServerValidation xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</PerformServerValidation><AcceptServerName xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2">true</AcceptServerName><TLSExtensions xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV2"><FilteringInfo xmlns="http://www.microsoft.com/provisioning/EapTlsConnectionPropertiesV3"><CAHashList Enabled="true"><IssuerHash>0d 6b f2 49 a8 1e 75 c3 90 2f 4d e6 b1 58 83 7a 1c 9e d5 34</IssuerHash></CAHashList></FilteringInfo></TLSExtensions></EapType></Eap></Config></EapHostConfig>'

$Vpn = @{
    Name                 = 'Margies Travel VPN'
    ServerAddress        = 'vpn.margiestravel.com'
    TunnelType           = 'Ikev2'
    EncryptionLevel      = 'Required'
    AuthenticationMethod = 'Eap'
    EapConfigXmlStream   = $EapXml
    SplitTunneling       = $true
    AllUserConnection    = $true
    DnsSuffix            = 'office.margiestravel.com'
    Force                = $true
    PassThru             = $true
}
Add-VpnConnection @Vpn

Add-VpnConnectionRoute -ConnectionName 'Margies Travel VPN' -DestinationPrefix '192.168.50.0/24' -AllUserConnection
Add-VpnConnectionRoute -ConnectionName 'Margies Travel VPN' -DestinationPrefix '192.168.51.0/24' -AllUserConnection

Set-VpnConnectionIPsecConfiguration -ConnectionName 'Margies Travel VPN' -AllUserConnection `
    -AuthenticationTransformConstants GCMAES128 -CipherTransformConstants GCMAES128 `
    -EncryptionMethod GCMAES128 -IntegrityCheckMethod SHA256 -DHGroup Group14 -PfsGroup PFS2048 -Force
