# Build the Sferum Desk installer on Windows in one command, from the project folder:
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
# Needs Python 3.10+ (python.org, "Add to PATH") and Inno Setup 6 (jrsoftware.org).
# Result: dist\installer\SferumDesk-<version>-setup.exe (and the folder dist\SferumDesk).
# -SkipTests builds without running the test suite first.
param([switch]$SkipTests)

$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

function Invoke-Step([string]$what, [scriptblock]$step) {
    Write-Host "== $what"
    & $step
    if ($LASTEXITCODE -ne 0) { throw "Failed: $what (exit code $LASTEXITCODE)" }
}

# The version comes from pyproject.toml, the one place it is written.
$version = (Select-String -Path pyproject.toml -Pattern '^version\s*=\s*"([^"]+)"').Matches[0].Groups[1].Value
Write-Host "Sferum Desk $version"

$python = if (Get-Command py -ErrorAction SilentlyContinue) { "py" } else { "python" }
Invoke-Step "virtual environment .venv-build" { & $python -m venv .venv-build }
$venvPython = Join-Path $root ".venv-build\Scripts\python.exe"
Invoke-Step "pip upgrade" { & $venvPython -m pip install --quiet --upgrade pip }
Invoke-Step "install the app with PostgreSQL support and PyInstaller" {
    & $venvPython -m pip install --quiet ".[postgres,packaging,test]"
}

if (-not $SkipTests) {
    $env:QT_QPA_PLATFORM = "offscreen"
    Invoke-Step "tests" { & $venvPython -m pytest -p no:cacheprovider }
}

Invoke-Step "one-folder bundle (PyInstaller)" {
    & $venvPython -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\sferum_desk.spec
}
Invoke-Step "bundle answers --version" { & dist\SferumDesk\sferum-desk.exe --version }

$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    $iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
              "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) was not found: install it from jrsoftware.org" }
Invoke-Step "installer (Inno Setup)" { & $iscc /Q "/DAppVersion=$version" packaging\sferum-desk.iss }

$setup = Get-Item "dist\installer\SferumDesk-$version-setup.exe"
Write-Host ("Done: {0} ({1:N0} MB)" -f $setup.FullName, ($setup.Length / 1MB))
