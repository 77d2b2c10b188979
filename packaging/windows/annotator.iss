; Inno Setup script: a per-user installer for the PyInstaller folder build/dist/Annotator.
;   iscc /DAppVersion=0.1.0 packaging\windows\annotator.iss      (from the repository root)
; No admin rights needed (installs under %LOCALAPPDATA%\Programs); Start menu entry; the
; .annot file type opens in Annotator; the uninstaller removes the program only: projects,
; settings and backups in the user's folders are left alone.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; lzma2/max for releases; CI's Wine build passes /DCompression=lzma2/fast (1.5 min -> 13 s).
#ifndef Compression
  #define Compression "lzma2/max"
#endif
#define SourceRoot "..\.."

[Setup]
AppId={{6F2A4C1E-3B7D-4E55-9A8C-0D1E2F3A4B5C}
AppName=Annotator
AppVersion={#AppVersion}
AppPublisher=Annotator
AppPublisherURL=https://github.com/annotator-app/annotator
; {localappdata}\Programs is where {autopf} points for a per-user install on Windows, and it
; is also what Wine 8 can expand (it fails on {autopf}: "Failed to expand shell folder
; constant"), so the installer we test under Wine installs where the real one does.
DefaultDirName={localappdata}\Programs\Annotator
DefaultGroupName=Annotator
DisableProgramGroupPage=yes
; Per user, never elevated: no admin rights, the file type under HKCU, user-writable folder.
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir={#SourceRoot}\build
OutputBaseFilename=Annotator-{#AppVersion}-windows-x64-setup
SetupIconFile={#SourceRoot}\build\icons\annotator.ico
UninstallDisplayIcon={app}\Annotator.exe
Compression={#Compression}
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceRoot}\build\dist\Annotator\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Annotator"; Filename: "{app}\Annotator.exe"
Name: "{autodesktop}\Annotator"; Filename: "{app}\Annotator.exe"; Tasks: desktopicon

[Registry]
; The .annot document type, per user (the installer never runs elevated).
Root: HKCU; Subkey: "Software\Classes\.annot"; ValueType: string; ValueName: ""; ValueData: "Annotator.Project"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Annotator.Project"; ValueType: string; ValueName: ""; ValueData: "Annotator project"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Annotator.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Annotator.exe,0"
Root: HKCU; Subkey: "Software\Classes\Annotator.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Annotator.exe"" ""%1"""

[Run]
Filename: "{app}\Annotator.exe"; Description: "{cm:LaunchProgram,Annotator}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] is deliberately absent: user data lives outside {app} and stays.
