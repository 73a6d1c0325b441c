"""What every channel hands to the bot."""

from channels.messages import InboundMessage


def test_a_photo_or_location_without_words_starts_a_report():
    assert InboundMessage("web", "s", image_url="media://web/a.jpg").text_for_bot == "/report_issue"
    assert InboundMessage("zalo", "u", location=(10.77, 106.70)).text_for_bot == "/report_issue"


def test_words_always_go_to_the_bot_as_typed():
    assert InboundMessage("web", "s", "rác ở đầu hẻm", image_url="media://web/a.jpg").text_for_bot == "rác ở đầu hẻm"
    assert InboundMessage("web", "s", "").text_for_bot == ""
