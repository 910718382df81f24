# Tailspin user tunnel, written element by element with an XmlTextWriter and then
# deployed with the companion WMI script. AlwaysOn was typed as PowerShell prints booleans.
$OutFile = 'C:\ProgramData\Tailspin\UserTunnel.xml'
$Gateway = 'gw.tailspintoys.com'
$Zone = 'corp.tailspintoys.com'
$Networks = @('10.120.0.0/16', '10.121.0.0/16')

$w = New-Object System.Xml.XmlTextWriter($OutFile, $null)
$w.Formatting = 'Indented'
$w.WriteStartElement('VPNProfile')
    $w.WriteElementString('AlwaysOn', 'True')
    $w.WriteElementString('DnsSuffix', $Zone)
    $w.WriteElementString('TrustedNetworkDetection', $Zone)
    $w.WriteStartElement('NativeProfile')
        $w.WriteElementString('Servers', $Gateway)
        $w.WriteElementString('RoutingPolicyType', 'SplitTunnel')
        $w.WriteElementString('NativeProtocolType', 'IKEv2')
        $w.WriteStartElement('Authentication')
            $w.WriteElementString('UserMethod', 'Eap')
            $w.WriteStartElement('Eap')
                $w.WriteStartElement('Configuration')
                    $w.WriteRaw((Get-Content 'C:\ProgramData\Tailspin\eap.xml' -Raw))
                $w.WriteEndElement()
            $w.WriteEndElement()
        $w.WriteEndElement()
        $w.WriteElementString('DisableClassBasedDefaultRoute', 'true')
    $w.WriteEndElement()
    foreach ($Net in $Networks) {
        $Parts = $Net.Split('/')
        $w.WriteStartElement('Route')
            $w.WriteElementString('Address', $Parts[0])
            $w.WriteElementString('PrefixSize', $Parts[1])
        $w.WriteEndElement()
    }
$w.WriteEndElement()
$w.Flush()
$w.Close()
