"""SQLAlchemy 2 typed models: the whole data list of the product.

Later work adds behaviour to these tables, not new shapes. Every person-owned row
cascades on delete so that removing a person removes their personal data everywhere.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text,
    UniqueConstraint, func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Rows people edit in forms (organization, person, unit) carry a version that the ORM checks
# and increments on every UPDATE (`UPDATE … WHERE id = ? AND version = ?`): two PCs saving the
# same row never overwrite each other silently; the later one gets EditConflict (db/engine.py).


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Organization(Base):
    __tablename__ = "organization"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    head_name: Mapped[str] = mapped_column(String(200), default="")
    admin_name: Mapped[str] = mapped_column(String(200), default="")
    admin_phone: Mapped[str] = mapped_column(String(20), default="")
    admin_email: Mapped[str] = mapped_column(String(200), default="")
    admin_order_number: Mapped[str] = mapped_column(String(50), default="")
    admin_order_date: Mapped[dt.date | None] = mapped_column(Date)
    # The letterhead's requisites (migration 0003): all optional.
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    inn: Mapped[str] = mapped_column(String(12), default="")
    ogrn: Mapped[str] = mapped_column(String(15), default="")
    place: Mapped[str] = mapped_column(String(200), default="")  # «г. Арсеньев»: orders' place
    vocabulary_overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class AcademicYear(Base):
    __tablename__ = "academic_year"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(20), unique=True)  # «2026/2027»
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    name_key: Mapped[str] = mapped_column(String(300), index=True)  # folded ФИО for matching
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    left_on: Mapped[dt.date | None] = mapped_column(Date, index=True)  # leavers, counts
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    staff: Mapped[Staff | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True)
    student: Mapped[Student | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True)
    guardian: Mapped[Guardian | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           unique=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    platform_roles: Mapped[list] = mapped_column(JSON, default=list)
    person: Mapped[Person] = relationship(back_populates="staff")


class Unit(Base):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("academic_year_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="regular")
    academic_year_id: Mapped[int | None] = mapped_column(
        ForeignKey("academic_year.id", ondelete="RESTRICT"))
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"),
                                                   index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    curator: Mapped[Staff | None] = relationship()
    academic_year: Mapped[AcademicYear | None] = relationship()


class UnitTeacher(Base):
    """A subject teacher of a class (a class has several; a group usually none)."""
    __tablename__ = "unit_teacher"
    __table_args__ = (UniqueConstraint("unit_id", "staff_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"),
                                          index=True)
    subject: Mapped[str] = mapped_column(String(100), default="")


class Student(Base):
    __tablename__ = "student"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"),
                                                index=True)
    person: Mapped[Person] = relationship(back_populates="student")
    unit: Mapped[Unit | None] = relationship()


class Enrolment(Base):
    """Which unit a student was in, from when to when: the movement history."""
    __tablename__ = "enrolment"
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                            index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"),
                                         index=True)
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)


class Guardian(Base):
    __tablename__ = "guardian"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           unique=True)
    person: Mapped[Person] = relationship(back_populates="guardian")


class GuardianLink(Base):
    __tablename__ = "guardian_link"
    __table_args__ = (UniqueConstraint("guardian_id", "student_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardian.id", ondelete="CASCADE"),
                                             index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"),
                                            index=True)
    relation: Mapped[str] = mapped_column(String(20), default="other")


class NotDuplicatePair(Base):
    """Two people the user said are different (twins, namesakes): never merge them."""
    __tablename__ = "not_duplicate_pair"
    __table_args__ = (UniqueConstraint("key_a", "key_b"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key_a: Mapped[str] = mapped_column(String(400))
    key_b: Mapped[str] = mapped_column(String(400))


class Invitation(Base):
    __tablename__ = "invitation"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text, unique=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    annulled_on: Mapped[dt.date | None] = mapped_column(Date)
    annul_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_on: Mapped[dt.date | None] = mapped_column(Date)  # a newer link took its place


class Slip(Base):
    __tablename__ = "slip"
    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"),
                                               index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                                  index=True)
    print_batch: Mapped[str] = mapped_column(String(40), default="")
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    handed_out_on: Mapped[dt.date | None] = mapped_column(Date)


class Membership(Base):
    """A person is on the platform (the earliest of their joins): their account's marks.

    Who joined which unit's chat is UnitJoin: a parent of two groups joins each by its link."""
    __tablename__ = "membership"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           unique=True)
    joined_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    teacher_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    extra_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    chats_done: Mapped[list] = mapped_column(JSON, default=list)


class UnitJoin(Base):
    """One person joined one unit's chat for one audience (through that unit's link)."""
    __tablename__ = "unit_join"
    __table_args__ = (UniqueConstraint("person_id", "unit_id", "audience"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    joined_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="manual")  # manual | import


class Document(Base):
    """A local act (Положение, Приказ…) in one edition."""
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(String(50), default="")
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # bodies, protocols, approver…
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("document.id",
                                                               ondelete="SET NULL"), index=True)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    attachment_path: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Acknowledgement(Base):
    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("document_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"),
                                             index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           index=True)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    source_name: Mapped[str] = mapped_column(Text, default="")
    import_as: Mapped[str] = mapped_column(String(20), default="students")
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    undo_data: Mapped[dict] = mapped_column(JSON, default=dict)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class PlatformTask(Base):
    """Something the administrator must now do on the platform by hand."""
    __tablename__ = "platform_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                                  index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"),
                                                index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class HistoryEvent(Base):
    """What changed, without personal data in `details` (the entity id is enough)."""
    __tablename__ = "history_event"
    __table_args__ = (Index("ix_history_event_entity", "entity", "entity_id"),)  # task_refs
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, server_default=func.now())
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class Refusal(Base):
    """A parent, a family (kept on the pupil) or an employee declined to join the platform:
    the school reaches them by another channel. Joining is voluntary, so this is a choice to
    respect, not a gap to chase."""
    __tablename__ = "refusal"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           unique=True)
    declined_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(200))  # телефон, бумага, электронный журнал…
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class DestructionAct(Base):
    """An act of destruction of personal data: only its number, date and count stay here;
    the names are on the printed act alone (they are erased from the database with it)."""
    __tablename__ = "destruction_act"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    made_on: Mapped[dt.date] = mapped_column(Date)
    people: Mapped[int] = mapped_column(Integer)


class PlatformAccount(Base):
    """A person's user id on the platform (Сферум / VK, MAX), read from a member list, so the
    next list matches them exactly rather than by name."""
    __tablename__ = "platform_account"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           index=True)
    platform: Mapped[str] = mapped_column(String(20))  # sferum | max
    user_id: Mapped[str] = mapped_column(String(100))
