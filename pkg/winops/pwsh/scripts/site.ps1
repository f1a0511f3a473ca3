# Site: $p.name. The site is matched by exact name (Where-Object -eq), so a
# name is never a wildcard pattern.
Import-Module WebAdministration
$site = Get-Website | Where-Object { $_.name -eq $p.name } | Select-Object -First 1
if ($null -eq $site) { Fail 'site_not_found' 'no IIS site has that name' }
$bindings = @(Get-WebBinding -Name $site.name | ForEach-Object {
  [pscustomobject]@{
    protocol           = $_.protocol
    bindingInformation = $_.bindingInformation
    sslFlags           = $_.sslFlags
  }
})
$result = [pscustomobject]@{ name = $site.name; id = $site.id; bindings = $bindings }
