; Inno Setup 6 script for Zoo Desktop on Windows (per-user install, no admin rights needed).
; Build on Windows after `pyinstaller --noconfirm --clean packaging\zoo-desktop.spec`:
;     iscc packaging\windows\zoo-desktop.iss
; Output: dist\ZooDesktop-<version>-setup.exe. Not built or tested in this repository's CI.

#define AppName "Zoo Desktop"
#define AppVersion "0.1.0"
#define AppExe "zoo-desktop.exe"
#define BuildDir "..\..\dist\zoo-desktop"

[Setup]
AppId={{6E0F8C52-6B1F-4C53-9B0B-3F1D5C0A7A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Zoo Desktop
DefaultDirName={localappdata}\Programs\ZooDesktop
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=ZooDesktop-{#AppVersion}-setup
SetupIconFile=zoo-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; the user's data (%LOCALAPPDATA%\ZooDesktop: models, converter-env, logs) is never touched by uninstall

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
