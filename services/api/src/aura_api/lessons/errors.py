from aura_api.errors import NotFound


class LessonNotFound(NotFound):
    code = "lesson_not_found"

    def __init__(self, lesson_id: str) -> None:
        super().__init__(f"No lesson '{lesson_id}'", details={"lesson_id": lesson_id})
