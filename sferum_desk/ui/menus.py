"""Menu items that other parts of the GUI add to the main window.

To add one, append a `MenuAction` to `MENU_ACTIONS` (or call `register_menu_action`). The
handler is called with the main window, which has `.services` and `.signals`; give it as a
callable or as a "package.module:function" string, imported only when clicked (so the main
window never imports a feature it does not open). «Файл» items appear after «Открыть…».

    MenuAction("Файл", "Импорт из Excel…", "sferum_desk.ui.import_roster.wizard:open_import",
               shortcut="Ctrl+I", tooltip="Загрузить списки из таблицы Excel")
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FILE_MENU = "Файл"
HELP_MENU = "Справка"


@dataclass(frozen=True)
class MenuAction:
    menu: str  # the top-level menu's title; a new title makes a new menu before «Справка»
    text: str
    handler: Callable[[Any], object] | str
    shortcut: str = ""
    tooltip: str = ""
    separator_before: bool = False

    def run(self, window) -> None:
        handler = self.handler
        if isinstance(handler, str):
            module, _, name = handler.partition(":")
            handler = getattr(importlib.import_module(module), name)
        handler(window)


MENU_ACTIONS: list[MenuAction] = [
    MenuAction(FILE_MENU, "Импорт из Excel…", "sferum_desk.ui.import_roster.wizard:open_import",
               shortcut="Ctrl+I", tooltip="Загрузить списки из таблицы Excel, ODS или CSV"),
    MenuAction(FILE_MENU, "Отменить последний импорт",
               "sferum_desk.ui.import_roster.wizard:undo_last_import"),
    MenuAction(FILE_MENU, "Выгрузить обучающихся и родителей в Excel…",
               "sferum_desk.ui.import_roster.wizard:export_students"),
    MenuAction(FILE_MENU, "Выгрузить сотрудников в Excel…",
               "sferum_desk.ui.import_roster.wizard:export_staff"),
    MenuAction(FILE_MENU, "Сведения о человеке (персональные данные)…",
               "sferum_desk.ui.recovery:export_person_from_menu", separator_before=True,
               tooltip="Всё, что программа хранит о выбранном в списке человеке: PDF или Excel"),
    MenuAction(FILE_MENU, "Проверить базу", "sferum_desk.ui.recovery:check_from_menu",
               separator_before=True,
               tooltip="Целостность файла, ссылки между записями, люди без класса или роли"),
    MenuAction(FILE_MENU, "Восстановить из копии…", "sferum_desk.ui.recovery:restore_from_menu",
               tooltip="Вернуть базу к одной из резервных копий (текущий файл сохранится)"),
]


def register_menu_action(action: MenuAction) -> None:
    if all(a.text != action.text or a.menu != action.menu for a in MENU_ACTIONS):
        MENU_ACTIONS.append(action)
