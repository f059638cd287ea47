; Inno Setup 6.3+ script: a per-user installer for the folder `make package` builds on Windows
; (packaging/README.md). Build from the repository root after PyInstaller:
;
;   iscc packaging\windows\coventry-inspect.iss
;   iscc /DAppVersion=0.1.0 packaging\windows\coventry-inspect.iss   (to state the version)
;
; Without /DAppVersion the version is read from the built program's version resource, which the
; spec fills from coventry_inspect.__version__. Paths are relative to this file.

#define AppName "Coventry Inspect"
#define BuildDir "..\..\dist\coventry-inspect"
#define GuiExe "CoventryInspect.exe"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BuildDir + "\" + GuiExe)
#endif
#if AppVersion == ""
  #error The build is missing: run PyInstaller first (packaging\README.md)
#endif

[Setup]
; The AppId identifies the application to Windows for upgrades and uninstalling: never change it.
AppId={{6C2F3B1E-8A47-4D2B-9E0A-3C55D1F0A7B4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
; Per user: no administrator rights, installed under %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\uk.gov.coventry.Inspect.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=CoventryInspect-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program folder and shortcuts only: the inspectors' databases,
; backups, settings and log (%LOCALAPPDATA%\CoventryInspect) are theirs and are kept.
