# SetSiteBinding: $p.site, $p.old (protocol, bindingInformation) or null,
# $p.new (protocol, bindingInformation, sslFlags, ip, port, host). The values
# in the configuration filter were checked in Go: no quotes, no wildcards.
# An existing binding is updated in place, attribute by attribute (each
# filter names the binding as it is at that moment; sslFlags is written for
# every https binding, the other attributes only when they change); a new
# one is added. No binding is ever removed.
Import-Module WebAdministration
$site = Get-Website | Where-Object { $_.name -eq $p.site } | Select-Object -First 1
if ($null -eq $site) { Fail 'site_not_found' 'no IIS site has that name' }
$n = $p.new
$current = @(Get-WebBinding -Name $site.name)
if ($null -eq $p.old) {
  if (@($current | Where-Object { $_.protocol -eq $n.protocol -and $_.bindingInformation -eq $n.bindingInformation }).Count -gt 0) {
    Fail 'binding_exists' 'the site already has that binding'
  }
  $add = @{ Name = $site.name; Protocol = $n.protocol; IPAddress = $n.ip; Port = [int]$n.port; HostHeader = $n.host }
  if ($n.protocol -eq 'https') { $add['SslFlags'] = [int]$n.sslFlags }
  New-WebBinding @add
} else {
  $o = $p.old
  $b = @($current | Where-Object { $_.protocol -eq $o.protocol -and $_.bindingInformation -eq $o.bindingInformation })
  if ($b.Count -ne 1) { Fail 'binding_not_found' 'the site has no binding with that protocol and binding information' }
  $psPath = 'MACHINE/WEBROOT/APPHOST'
  $proto = [string]$o.protocol
  $info = [string]$o.bindingInformation
  $filter = { "system.applicationHost/sites/site[@name='" + $site.name + "']/bindings/binding[@protocol='" + $proto + "' and @bindingInformation='" + $info + "']" }
  if ($n.protocol -eq 'https') {
    Set-WebConfigurationProperty -PSPath $psPath -Filter (& $filter) -Name 'sslFlags' -Value ([int]$n.sslFlags)
  }
  if ($proto -ne $n.protocol) {
    Set-WebConfigurationProperty -PSPath $psPath -Filter (& $filter) -Name 'protocol' -Value ([string]$n.protocol)
    $proto = [string]$n.protocol
  }
  if ($info -ne $n.bindingInformation) {
    Set-WebConfigurationProperty -PSPath $psPath -Filter (& $filter) -Name 'bindingInformation' -Value ([string]$n.bindingInformation)
  }
}
if (@(Get-WebBinding -Name $site.name | Where-Object { $_.protocol -eq $n.protocol -and $_.bindingInformation -eq $n.bindingInformation }).Count -ne 1) {
  Fail 'binding_not_found' 'the binding is not on the site after the change'
}
$result = [pscustomobject]@{ changed = $true }
