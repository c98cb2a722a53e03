; Inno Setup 6 script: the Sferum Desk installer for Windows (Russian, per user, no admin rights).
; Packs the one-folder PyInstaller build dist\SferumDesk (packaging/sferum_desk.spec).
; Built by packaging/build_windows.ps1, which passes the version from pyproject.toml:
;   iscc /DAppVersion=0.1.0 packaging\sferum-desk.iss
; Result: dist\installer\SferumDesk-<version>-setup.exe

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Sferum Desk"
#define AppExe "SferumDesk.exe"
; The user's data (database, backups, exports, logs): platformdirs' user_data_dir for
; appname "SferumDesk", appauthor "SferumDesk" (sferum_desk/paths.py), i.e.
; %LOCALAPPDATA%\<appauthor>\<appname>; DataParent is the folder platformdirs makes for the author.
#define DataParent "{localappdata}\SferumDesk"
#define DataRoot DataParent + "\SferumDesk"

[Setup]
AppId={{6C1B8E0A-3F5D-4C61-9E55-5FE20D35A1D7}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Sferum Desk
VersionInfoVersion={#AppVersion}
; Per-user install: no administrator rights, the program goes to
; %LOCALAPPDATA%\Programs\Sferum Desk. That is what {autopf} (= {userpf}, the known folder
; UserProgramFiles) gives in a per-user install on Windows, but wine 8.0 has no such known
; folder and setup stops («Failed to expand shell folder constant "autopf"»), so the folder
; is named from {localappdata}, which Windows and wine both expand.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.11 (PySide6) supports Windows 10 1809 and later.
MinVersion=10.0.17763
WizardStyle=modern
SetupIconFile=sferum-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist\installer
OutputBaseFilename=SferumDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\SferumDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Рабочее место администратора «Сферума»"
Name: "{group}\{#AppName} — демонстрация"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Comment: "Открыть демонстрационный детский сад"
Name: "{group}\Папка с данными {#AppName}"; Filename: "{#DataRoot}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Dirs]
; The shortcut to the data folder must point somewhere before the first start.
Name: "{#DataRoot}"; Flags: uninsneveruninstall

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The uninstaller keeps the user's database, backups and logs unless the box is ticked. }
var
  RemoveUserData: Boolean;

function AskAboutUserData(): Boolean;
var
  Form: TSetupForm;
  Prompt: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(440);
    Form.ClientHeight := ScaleY(170);
    Form.Caption := 'Удаление {#AppName}';

    Prompt := TNewStaticText.Create(Form);
    Prompt.Parent := Form;
    Prompt.Left := ScaleX(16);
    Prompt.Top := ScaleY(16);
    Prompt.Width := Form.ClientWidth - ScaleX(32);
    Prompt.WordWrap := True;
    Prompt.Caption := 'Программа будет удалена. База данных, резервные копии и журналы '
      + 'останутся в папке ' + ExpandConstant('{#DataRoot}')
      + ' и откроются после новой установки.';

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(84);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Height := ScaleY(20);
    Box.Caption := 'Удалить также базу данных, резервные копии и журналы';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Удалить';
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 90 + 8 + 90);
    OkButton.Top := Form.ClientHeight - ScaleY(16 + 25);
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(25);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Отмена';
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 90);
    CancelButton.Top := OkButton.Top;
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(25);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Result := Form.ShowModal() = mrOk;
    RemoveUserData := Result and Box.Checked;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  RemoveUserData := False;
  if UninstallSilent() then
    Result := True  { a silent uninstall never deletes the user's data }
  else
    Result := AskAboutUserData();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveUserData then
  begin
    DelTree(ExpandConstant('{#DataRoot}'), True, True, True);
    RemoveDir(ExpandConstant('{#DataParent}'));  { only if nothing else is left in it }
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\SferumDesk');
  end;
end;
