# Build the Windows installer: PyInstaller folder, self-test, optional signing, Inno Setup.
#   pwsh packaging/windows/build.ps1            (from the repository root, Python 3.11+ on PATH)
# Signing runs when WINDOWS_CERT_PFX (base64 of a .pfx) and WINDOWS_CERT_PASSWORD are set;
# otherwise it is skipped with a notice (the installer then shows "unknown publisher").
$ErrorActionPreference = "Stop"
python -m pip install --upgrade pip
python -m pip install -e ".[dev]"
$version = python -c "import annotator; print(annotator.__version__)"
python packaging/make_icons.py
pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/annotator.spec
$env:QT_QPA_PLATFORM = "offscreen"
& build/dist/Annotator/annotator-cli.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "self-test of the built app failed" }

function Sign-Files($files) {
    if (-not $env:WINDOWS_CERT_PFX) {
        Write-Host "::notice::WINDOWS_CERT_PFX not set: the build is not signed"
        return
    }
    $pfx = Join-Path $env:RUNNER_TEMP "cert.pfx"
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERT_PFX))
    foreach ($file in $files) {
        signtool sign /f $pfx /p $env:WINDOWS_CERT_PASSWORD /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 $file
        if ($LASTEXITCODE -ne 0) { throw "signing $file failed" }
    }
    Remove-Item $pfx
}

Sign-Files @("build/dist/Annotator/Annotator.exe", "build/dist/Annotator/annotator-cli.exe")
iscc "/DAppVersion=$version" packaging/windows/annotator.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Sign-Files @("build/Annotator-$version-windows-x64-setup.exe")
