from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHING_", env_file=".env", extra="ignore")

    service_name: str = "matching"
    # applicants book, move or cancel an interview no later than this before it starts
    interview_cutoff_hours: float = 24.0
    # stage deadlines (service/deadlines.py): the owner is reminded this many days before
    # (the latest reminder that has come is sent), and how often the worker looks
    stage_reminder_days: list[int] = [7, 2]
    stage_deadline_poll_seconds: float = 300.0
