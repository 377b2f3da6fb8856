"""Templates for the rule table: for each of Meta's rules (R1-R71 of
``reference/meta-templates.md``) valid templates and, where Meta documents the rule, invalid
ones with the field and rule nxwa must name. Restated from Meta's template pages and pywa's
fixtures (``tests/data/templates`` in david-lev/pywa), not copied.
"""

from __future__ import annotations

from typing import Any

import attrs

HANDLE = "4::aW1hZ2UvanBlZw==:ARb2"
PACKAGE = "com.example.luckyshrub"
SIGNATURE = "K8a/AINcGX7"


@attrs.frozen
class Case:
    """One template: ``error`` is ``(field, rule)`` of the error nxwa must report, or
    ``None`` when Meta accepts the template (then it must be sent unchanged)."""

    id: str
    rule: str
    template: dict[str, Any]
    error: tuple[str, str] | None = None
    #: Rules this case states only as a warning (sent all the same).
    warns: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.error is None


def template(
    components: list[dict[str, Any]],
    *,
    category: str = "UTILITY",
    name: str = "order_update",
    language: str = "en_US",
    **fields: Any,
) -> dict[str, Any]:
    return {
        "name": name,
        "language": language,
        "category": category,
        "components": components,
        **fields,
    }


def body(text: str = "Your order {{1}} is ready.", *rows: list[str]) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "BODY", "text": text}
    if rows:
        component["example"] = {"body_text": list(rows)}
    elif "{{1}}" in text:
        component["example"] = {"body_text": [["A-42"]]}
    return component


def buttons(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "BUTTONS", "buttons": list(items)}


def quick(text: str = "Thanks") -> dict[str, Any]:
    return {"type": "QUICK_REPLY", "text": text}


def url(link: str = "https://www.luckyshrub.com/support", **fields: Any) -> dict[str, Any]:
    return {"type": "URL", "text": "Support", "url": link, **fields}


def phone(number: str = "15550051310") -> dict[str, Any]:
    return {"type": "PHONE_NUMBER", "text": "Call", "phone_number": number}


def media(fmt: str = "IMAGE") -> dict[str, Any]:
    return {"type": "HEADER", "format": fmt, "example": {"header_handle": [HANDLE]}}


def text_header(text: str, *examples: str) -> dict[str, Any]:
    header: dict[str, Any] = {"type": "HEADER", "format": "TEXT", "text": text}
    if examples:
        header["example"] = {"header_text": list(examples)}
    return header


def footer(text: str = "Reply STOP to opt out") -> dict[str, Any]:
    return {"type": "FOOTER", "text": text}


def auth(
    *button: dict[str, Any], body_fields: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    components = [
        {
            "type": "BODY",
            **(body_fields if body_fields is not None else {"add_security_recommendation": True}),
        },
        {"type": "FOOTER", "code_expiration_minutes": 10},
        buttons(*button)
        if button
        else buttons({"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy Code"}),
    ]
    return template(components, category="AUTHENTICATION", name="otp_code", **fields)


def one_tap(**fields: Any) -> dict[str, Any]:
    return {"type": "OTP", "otp_type": "ONE_TAP", "text": "Copy Code", **fields}


def app(signature: str = SIGNATURE, package: str = PACKAGE) -> dict[str, str]:
    return {"package_name": package, "signature_hash": signature}


def offer(text: str = "Expiring offer!", **changes: Any) -> list[dict[str, Any]]:
    """pywa's limited_time_offer_caribbean_pkg_2023, restated."""
    components: list[dict[str, Any]] = [
        media(),
        {
            "type": "LIMITED_TIME_OFFER",
            "limited_time_offer": {"text": text, "has_expiration": True},
        },
        body(
            "Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean packages!",
            ["Pablo", "CARIBE25"],
        ),
        buttons(
            {"type": "COPY_CODE", "example": changes.get("code", "CARIBE25")},
            url(
                "https://awesomedestinations.com/offers?code={{1}}",
                text="Book now!",
                example=["https://awesomedestinations.com/offers?ref=n3mtql"],
            ),
        ),
    ]
    return components


def card(
    text: str = "Add a touch of elegance with the Aloe 'Blue Elf' succulent.",
    *extra_buttons: dict[str, Any],
    header: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One media card of pywa's carousel_template_media_cards_v1, restated."""
    return {
        "components": [
            header if header is not None else media(),
            {"type": "BODY", "text": text},
            buttons(
                quick("Send me more like this!"),
                url(
                    "https://www.luckyshrub.com/rare-succulents/{{1}}",
                    text="Shop",
                    example=["BLUE_ELF"],
                ),
                *extra_buttons,
            ),
        ]
    }


def carousel(*cards: dict[str, Any], category: str = "MARKETING") -> dict[str, Any]:
    return template(
        [
            body(
                "Rare succulents for sale! {{1}}, add these unique plants to your collection.",
                ["Pablo"],
            ),
            {"type": "CAROUSEL", "cards": list(cards)},
        ],
        category=category,
        name="carousel_template_media_cards_v1",
    )


SEASONAL = template(
    [
        text_header("Our {{1}} is on!", "Summer Sale"),
        body(
            "Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.",
            ["the end of August", "25OFF", "25%"],
        ),
        footer("Use the buttons below to manage your marketing subscriptions"),
        buttons(quick("Unsubscribe from Promos"), quick("Unsubscribe from All")),
    ],
    category="MARKETING",
    name="seasonal_promotion",
)

NAMED = template(
    [
        {
            "type": "HEADER",
            "format": "TEXT",
            "text": "Our new sale starts {{sale_start_date}}!",
            "example": {
                "header_text_named_params": [
                    {"param_name": "sale_start_date", "example": "December 1st"}
                ]
            },
        },
        {
            "type": "BODY",
            "text": "Thank you, {{first_name}}! Your order number is {{order_number}}.",
            "example": {
                "body_text_named_params": [
                    {"param_name": "first_name", "example": "Pablo"},
                    {"param_name": "order_number", "example": "860198-230332"},
                ]
            },
        },
    ],
    name="order_confirmation_named",
    parameter_format="NAMED",
)

COUPON = template(
    [
        text_header("Our Fall Sale is on!"),
        body(
            "Shop now through November and use code {{1}} to get {{2}} off of all merchandise!",
            ["25OFF", "25%"],
        ),
        buttons(quick("Unsubscribe"), {"type": "COPY_CODE", "example": "250FF"}),
    ],
    category="MARKETING",
    name="coupon_code_fall2023_25off",
)

MEDIA_CAROUSEL = carousel(
    card(),
    card("The Crassula Buddha's Temple is a conversation starter."),
    card("The Echeveria 'Black Prince' is a stunning succulent."),
)

PRODUCT_CAROUSEL = carousel(
    *[
        {
            "components": [
                {"type": "HEADER", "format": "PRODUCT"},
                buttons({"type": "SPM", "text": "View"}),
            ]
        }
        for _ in range(2)
    ]
)

ONE_TAP_AUTH = auth(
    one_tap(autofill_text="Autofill", supported_apps=[app(), app()]),
    message_send_ttl_seconds=60,
)

LONG = "x" * 60


def _many(n: int, make: Any) -> list[dict[str, Any]]:
    return [make(f"Button {i}") for i in range(n)]


CASES: list[Case] = [
    # ------------------------------------------------------------ name, language, category
    Case("name-512", "R1", template([body()], name="a" * 512)),
    Case("name-513", "R1", template([body()], name="a" * 513), ("name", "R1")),
    Case("name-snake", "R2", template([body()], name="order_ready_2")),
    Case("name-spaces", "R2", template([body()], name="Order Ready"), ("name", "R2")),
    Case("name-chinese", "R3", template([body()], name="订单_ready"), ("name", "R3")),
    Case("category-lowercase", "R4", template([body()], category="marketing")),
    Case("category-unknown", "R4", template([body()], category="PROMO"), ("category", "R4")),
    Case("language-ar-eg", "R5", template([body()], language="ar_EG")),
    Case("language-georgian", "R5", template([body()], language="ka")),
    Case("language-en-ie", "R5", template([body()], language="en_IE")),
    Case("language-nxlink-only", "R5", template([body()], language="pt"), ("language", "R5")),
    Case("language-hyphen", "R5", template([body()], language="en-US"), ("language", "R5")),
    # ------------------------------------------------------------ variables
    Case("named-parameters", "R7", NAMED),
    Case(
        "parameter-format-unknown",
        "R6",
        {**NAMED, "parameter_format": "MIXED"},
        ("parameter_format", "R6"),
    ),
    Case(
        "named-uppercase",
        "R8",
        template(
            [
                {
                    "type": "BODY",
                    "text": "Hi {{First_Name}}, welcome.",
                    "example": {
                        "body_text_named_params": [{"param_name": "First_Name", "example": "Ann"}]
                    },
                }
            ],
            parameter_format="NAMED",
        ),
        ("components[0].text", "R8"),
    ),
    Case(
        "positional-sequential",
        "R9",
        template([body("Hi {{1}}, order {{2}} ships.", ["Ann", "42"])]),
    ),
    Case(
        "positional-gap",
        "R9",
        template([body("Hi {{1}}, order {{3}} ships.", ["Ann", "42"])]),
        ("components[0].text", "R9"),
    ),
    Case(
        "example-count",
        "R10",
        template([body("Hi {{1}}, order {{2}} ships.", ["Ann"])]),
        ("components[0].example.body_text[0]", "R10"),
    ),
    Case(
        "mixed-formats",
        "R11",
        template([body("Hi {{name}}, order {{1}} ships.", ["Ann", "1"])]),
        ("components[0].text", "R11"),
    ),
    Case(
        "positional-with-named-format",
        "R11",
        {**template([body()]), "parameter_format": "NAMED"},
        ("components[0].text", "R11"),
    ),
    Case(
        "special-characters",
        "R12",
        template([body("Your order {{#1}} is ready.", ["A"])]),
        ("components[0].text", "R12"),
    ),
    Case(
        "mismatched-braces",
        "R13",
        template([body("Your order {{1} is ready.", ["A"])]),
        ("components[0].text", "R13"),
    ),
    Case("body-example", "R14", template([body()])),
    Case(
        "body-without-example",
        "R14",
        template([{"type": "BODY", "text": "Your order {{1}} is ready."}]),
        ("components[0].example.body_text", "R14"),
    ),
    Case(
        "header-without-example",
        "R14",
        template([text_header("Order {{1}}"), body()]),
        ("components[0].example.header_text", "R14"),
    ),
    Case(
        "named-example-mismatch",
        "R15",
        template(
            [
                {
                    "type": "BODY",
                    "text": "Hi {{first_name}}, welcome.",
                    "example": {
                        "body_text_named_params": [{"param_name": "last_name", "example": "Ann"}]
                    },
                }
            ],
            parameter_format="NAMED",
        ),
        ("components[0].example.body_text_named_params", "R15"),
    ),
    # ------------------------------------------------------------ headers
    Case(
        "two-headers",
        "R16",
        template([media(), text_header("Hi"), body()]),
        ("components[1]", "R16"),
    ),
    Case("header-60", "R17", template([text_header(LONG), body()])),
    Case(
        "header-61",
        "R17",
        template([text_header(LONG + "x"), body()]),
        ("components[0].text", "R17"),
    ),
    Case("header-one-variable", "R18", SEASONAL),
    Case(
        "header-two-variables",
        "R18",
        template([text_header("Order {{1}} for {{2}}", "1", "2"), body()]),
        ("components[0].text", "R18"),
    ),
    Case("header-newline", "R19", template([text_header("Order\nready"), body()]), warns=("R19",)),
    Case("header-underscore", "R20", template([text_header("Order_ready 2024"), body()])),
    Case(
        "header-bold",
        "R20",
        template([text_header("*Sale* starts now"), body()]),
        ("components[0].text", "R20"),
    ),
    Case(
        "document-header",
        "R21",
        template(
            [
                media("DOCUMENT"),
                body("Thank you for your order, {{1}}! See the PDF above.", ["Pablo"]),
                buttons(phone(), url()),
            ],
            name="order_confirmation",
        ),
    ),
    Case(
        "media-header-without-handle",
        "R22",
        template([{"type": "HEADER", "format": "VIDEO"}, body()]),
        ("components[0].example", "R22"),
    ),
    Case("gif-header", "R23", template([media("GIF"), body()], category="MARKETING")),
    Case(
        "location-header",
        "R24",
        template(
            [
                {"type": "HEADER", "format": "LOCATION"},
                body(
                    "Good news {{1}}! Your order #{{2}} is on its way to the location above.",
                    ["Mark", "566701"],
                ),
                footer("To stop receiving delivery updates, tap the button below."),
                buttons(quick("Stop Delivery Updates")),
            ],
            name="order_delivery_update",
        ),
    ),
    Case(
        "product-header",
        "R25",
        template(
            [
                {"type": "HEADER", "format": "PRODUCT"},
                body("Use code {{1}} to get {{2}} off our newest succulent!", ["25OFF", "25%"]),
                footer("Offer ends September 30, 2024"),
                buttons({"type": "SPM", "text": "View"}),
            ],
            category="MARKETING",
            name="abandoned_cart_offer",
        ),
    ),
    Case(
        "header-without-format",
        "R26",
        template([{"type": "HEADER", "text": "Hi"}, body()]),
        ("components[0].format", "R26"),
    ),
    # ------------------------------------------------------------ body
    Case("no-body", "R27", template([footer()]), ("components", "R27")),
    Case("two-bodies", "R27", template([body(), body()]), ("components[1]", "R27")),
    Case("body-1024", "R28", template([body("y" * 1024)])),
    Case("body-1025", "R28", template([body("y" * 1025)]), ("components[0].text", "R28")),
    Case(
        "body-starts-with-variable",
        "R29",
        template([body("{{1}} is your order number.")]),
        ("components[0].text", "R29"),
    ),
    Case(
        "body-ends-with-variable",
        "R30",
        template([body("Your order number is {{1}}")]),
        ("components[0].text", "R30"),
    ),
    Case(
        "adjacent-variables",
        "R31",
        template([body("Hi {{1}} {{2}}, welcome.", ["A", "B"])]),
        warns=("R31",),
    ),
    Case(
        "many-variables",
        "R32",
        template(
            [
                body(
                    "Order {{1}}, item {{2}}, size {{3}}, colour {{4}}, date {{5}}, total {{6}}.",
                    ["1", "2", "3", "4", "5", "6"],
                )
            ]
        ),
    ),
    Case("newlines-and-bold", "R33", template([body("Your order is *ready*.\n\nSee you soon!")])),
    Case(
        "body-without-text",
        "R34",
        template([{"type": "BODY", "text": ""}]),
        ("components[0].text", "R34"),
    ),
    # ------------------------------------------------------------ footer
    Case("footer-61", "R36", template([body(), footer(LONG + "x")]), ("components[1].text", "R36")),
    Case(
        "footer-variable", "R37", template([body(), footer("Reply {{1}} to stop")]), warns=("R37",)
    ),
    Case("two-footers", "R38", template([body(), footer(), footer()]), ("components[2]", "R38")),
    Case(
        "footer-without-text",
        "R39",
        template([body(), {"type": "FOOTER"}]),
        ("components[1].text", "R39"),
    ),
    # ------------------------------------------------------------ buttons
    Case("label-25", "R40", template([body(), buttons(quick("z" * 25))])),
    Case(
        "label-26",
        "R40",
        template([body(), buttons(quick("z" * 26))]),
        ("components[1].buttons[0].text", "R40"),
    ),
    Case(
        "ten-quick-replies",
        "R41",
        template([body(), buttons(*_many(10, quick))], category="MARKETING"),
    ),
    Case(
        "three-urls",
        "R42",
        template([body(), buttons(url(), url(), url())]),
        ("components[1].buttons", "R42"),
    ),
    Case(
        "two-phones",
        "R43",
        template([body(), buttons(phone(), phone())]),
        ("components[1].buttons", "R43"),
    ),
    Case(
        "eleven-buttons",
        "R44",
        template([body(), buttons(*_many(11, quick))]),
        ("components[1].buttons", "R44"),
    ),
    Case("quick-replies-grouped", "R45", template([body(), buttons(quick(), quick("No"), url())])),
    Case(
        "quick-replies-split",
        "R45",
        template([body(), buttons(quick(), url(), quick("No"))]),
        ("components[1].buttons", "R45"),
    ),
    Case(
        "url-2001",
        "R46",
        template([body(), buttons(url("https://x.io/" + "p" * 1988))]),
        ("components[1].buttons[0].url", "R46"),
    ),
    Case(
        "url-two-variables",
        "R47",
        template([body(), buttons(url("https://x.io/{{1}}/{{2}}", example=["https://x.io/a/b"]))]),
        ("components[1].buttons[0].url", "R47"),
    ),
    Case(
        "url-variable-inside",
        "R48",
        template(
            [body(), buttons(url("https://x.io/{{1}}/track", example=["https://x.io/1/track"]))]
        ),
        ("components[1].buttons[0].url", "R48"),
    ),
    Case(
        "dynamic-url",
        "R49",
        template([body(), buttons(url("https://x.io/o/{{1}}", example=["https://x.io/o/42"]))]),
    ),
    Case(
        "dynamic-url-without-example",
        "R49",
        template([body(), buttons(url("https://x.io/o/{{1}}"))]),
        ("components[1].buttons[0].example", "R49"),
    ),
    Case(
        "phone-21",
        "R50",
        template([body(), buttons(phone("1" * 21))]),
        ("components[1].buttons[0].phone_number", "R50"),
    ),
    Case(
        "quick-reply-without-text",
        "R51",
        template([body(), buttons({"type": "QUICK_REPLY"})]),
        ("components[1].buttons[0].text", "R51"),
    ),
    Case("copy-code", "R52", COUPON),
    Case(
        "copy-code-twice",
        "R52",
        template(
            [
                body(),
                buttons(
                    {"type": "COPY_CODE", "example": "A1"}, {"type": "COPY_CODE", "example": "B2"}
                ),
            ],
            category="MARKETING",
        ),
        ("components[1].buttons", "R52"),
    ),
    Case(
        "copy-code-21",
        "R52",
        template(
            [body(), buttons({"type": "COPY_CODE", "example": "C" * 21})], category="MARKETING"
        ),
        ("components[1].buttons[0].example", "R52"),
    ),
    Case(
        "flow-id",
        "R53",
        template(
            [
                body(),
                buttons(
                    {
                        "type": "FLOW",
                        "text": "Book",
                        "flow_id": "1743798696088965",
                        "flow_action": "navigate",
                        "navigate_screen": "WELCOME",
                    }
                ),
            ]
        ),
    ),
    Case(
        "flow-name",
        "R53",
        template([body(), buttons({"type": "FLOW", "text": "Book", "flow_name": "booking"})]),
    ),
    Case(
        "flow-json",
        "R53",
        template(
            [
                body(),
                buttons(
                    {
                        "type": "FLOW",
                        "text": "Book",
                        "flow_json": '{"version":"6.0","screens":[]}',
                        "flow_action": "data_exchange",
                    }
                ),
            ]
        ),
    ),
    Case(
        "flow-without-flow",
        "R53",
        template([body(), buttons({"type": "FLOW", "text": "Book"})]),
        ("components[1].buttons[0].flow_id", "R53"),
    ),
    Case(
        "flow-id-and-name",
        "R53",
        template(
            [
                body(),
                buttons({"type": "FLOW", "text": "Book", "flow_id": "1", "flow_name": "booking"}),
            ]
        ),
        ("components[1].buttons[0].flow_id", "R53"),
    ),
    Case(
        "mpm",
        "R54",
        template(
            [
                text_header("Forget something, {{1}}?", "Pablo"),
                body(
                    "Looks like you left these items in your cart. Use code {{1}} to get 10% off!",
                    ["10OFF"],
                ),
                buttons({"type": "MPM", "text": "View items"}),
            ],
            category="MARKETING",
            name="abandoned_cart",
        ),
    ),
    Case(
        "catalog",
        "R54",
        template(
            [
                body("Get Rs {{1}} off on all orders above {{2}}Rs!", ["100", "400"]),
                footer("Best grocery deals on WhatsApp!"),
                buttons({"type": "CATALOG", "text": "View catalog"}),
            ],
            category="MARKETING",
            name="intro_catalog_offer",
        ),
    ),
    Case(
        "voice-call",
        "R54",
        template([body(), buttons({"type": "VOICE_CALL", "text": "Call us on WhatsApp"})]),
    ),
    Case(
        "app-deep-link",
        "R55",
        template(
            [
                body(),
                buttons(
                    url(
                        app_deep_link={
                            "meta_app_id": 1234567890,
                            "android_deep_link": "luckyshrub://offers",
                            "android_fallback_playstore_url": "https://play.google.com/store/apps/details?id=x",
                        }
                    )
                ),
            ],
            category="MARKETING",
        ),
    ),
    Case(
        "otp-outside-authentication",
        "R56",
        template([body(), buttons({"type": "OTP", "otp_type": "COPY_CODE"})], category="MARKETING"),
        ("components[1].buttons", "R56"),
    ),
    Case("buttons-empty", "R57", template([body(), buttons()]), ("components[1].buttons", "R57")),
    # ------------------------------------------------------------ authentication
    Case("auth-copy-code", "R58", auth()),
    Case("auth-copy-code-no-text", "R58", auth({"type": "OTP", "otp_type": "COPY_CODE"})),
    Case("auth-one-tap-apps", "R59", ONE_TAP_AUTH),
    Case(
        "auth-one-tap-flat",
        "R60",
        auth(
            one_tap(
                autofill_text="Autofill",
                package_name="com.example.myapplication",
                signature_hash="K8a%2FAINcGX7",
            )
        ),
        warns=("R66",),
    ),
    Case("auth-one-tap-no-autofill", "R61", auth(one_tap(supported_apps=[app()]))),
    Case(
        "auth-zero-tap",
        "R62",
        auth(
            {
                "type": "OTP",
                "otp_type": "ZERO_TAP",
                "text": "Copy Code",
                "autofill_text": "Autofill",
                "zero_tap_terms_accepted": True,
                "supported_apps": [app()],
            },
            message_send_ttl_seconds=60,
        ),
    ),
    Case(
        "auth-expiry-90",
        "R63",
        template(
            [
                {"type": "BODY", "add_security_recommendation": True},
                {"type": "FOOTER", "code_expiration_minutes": 90},
                buttons({"type": "OTP", "otp_type": "COPY_CODE"}),
            ],
            category="AUTHENTICATION",
            name="otp_code",
        ),
    ),
    Case(
        "auth-expiry-91",
        "R63",
        template(
            [
                {"type": "BODY", "add_security_recommendation": True},
                {"type": "FOOTER", "code_expiration_minutes": 91},
                buttons({"type": "OTP", "otp_type": "COPY_CODE"}),
            ],
            category="AUTHENTICATION",
            name="otp_code",
        ),
        ("components[1].code_expiration_minutes", "R63"),
    ),
    Case(
        "auth-header",
        "R64",
        template(
            [
                text_header("Your code"),
                {"type": "BODY", "add_security_recommendation": True},
                buttons({"type": "OTP", "otp_type": "COPY_CODE"}),
            ],
            category="AUTHENTICATION",
            name="otp_code",
        ),
        ("components[0]", "R64"),
    ),
    Case(
        "auth-quick-reply",
        "R64",
        auth({"type": "OTP", "otp_type": "COPY_CODE"}, quick()),
        ("components[2].buttons[1].type", "R64"),
    ),
    Case(
        "auth-one-tap-no-app",
        "R65",
        auth(one_tap(autofill_text="Autofill")),
        ("components[2].buttons[0].supported_apps", "R65"),
    ),
    Case(
        "auth-short-hash",
        "R66",
        auth(one_tap(supported_apps=[app("K8a/AINcGX")])),
        ("components[2].buttons[0].supported_apps[0].signature_hash", "R66"),
    ),
    Case(
        "auth-six-apps",
        "R66",
        auth(one_tap(supported_apps=[app()] * 6)),
        ("components[2].buttons[0].supported_apps", "R66"),
    ),
    Case(
        "auth-zero-tap-terms",
        "R66",
        auth(
            {
                "type": "OTP",
                "otp_type": "ZERO_TAP",
                "zero_tap_terms_accepted": False,
                "supported_apps": [app()],
            }
        ),
        ("components[2].buttons[0].zero_tap_terms_accepted", "R66"),
    ),
    Case(
        "auth-without-otp",
        "R67",
        template(
            [{"type": "BODY", "add_security_recommendation": True}],
            category="AUTHENTICATION",
            name="otp_code",
        ),
        ("components", "R67"),
    ),
    Case("auth-no-security-recommendation", "R68", auth(body_fields={})),
    Case("auth-ttl-600", "R69", auth(message_send_ttl_seconds=600)),
    Case(
        "auth-ttl-1000",
        "R69",
        auth(message_send_ttl_seconds=1000),
        ("message_send_ttl_seconds", "R69"),
    ),
    Case(
        "marketing-ttl-3600",
        "R69",
        {**SEASONAL, "message_send_ttl_seconds": 3600},
        ("message_send_ttl_seconds", "R69"),
    ),
    Case("marketing-ttl-12h", "R69", {**SEASONAL, "message_send_ttl_seconds": 43200}),
    Case("ttl-minus-one", "R69", {**SEASONAL, "message_send_ttl_seconds": -1}, warns=("R69",)),
    # ------------------------------------------------------------ limited-time offer
    Case(
        "limited-time-offer",
        "R70",
        template(offer(), category="MARKETING", name="limited_time_offer_caribbean_pkg_2023"),
    ),
    Case(
        "offer-body-601",
        "R35",
        template([*offer()[:2], body("d" * 601), offer()[3]], category="MARKETING"),
        ("components[2].text", "R35"),
    ),
    Case(
        "offer-text-17",
        "R70",
        template(offer("x" * 17), category="MARKETING"),
        ("components[1].limited_time_offer.text", "R70"),
    ),
    Case(
        "offer-with-footer",
        "R70",
        template([*offer(), footer()], category="MARKETING"),
        ("components[4]", "R70"),
    ),
    Case("offer-utility", "R70", template(offer(), category="UTILITY"), ("components[1]", "R70")),
    Case(
        "offer-code-16",
        "R70",
        template(offer(code="C" * 16), category="MARKETING"),
        ("components[3].buttons[0].example", "R70"),
    ),
    # ------------------------------------------------------------ carousel
    Case("media-carousel", "R71", MEDIA_CAROUSEL),
    Case("product-carousel", "R71", PRODUCT_CAROUSEL),
    Case("carousel-one-card", "R71", carousel(card()), ("components[1].cards", "R71")),
    Case(
        "carousel-card-body-161",
        "R71",
        carousel(card("b" * 161), card("b" * 161)),
        ("components[1].cards[0].components[1].text", "R71"),
    ),
    Case(
        "carousel-cards-differ",
        "R71",
        carousel(card(), card(header=media("VIDEO"))),
        ("components[1].cards", "R71"),
    ),
    Case(
        "carousel-utility",
        "R71",
        carousel(card(), card(), category="UTILITY"),
        ("components[1]", "R71"),
    ),
    Case(
        "carousel-three-buttons",
        "R71",
        carousel(card("c", phone()), card("c", phone())),
        ("components[1].cards[0].components[2].buttons", "R71"),
    ),
]

VALID = [case for case in CASES if case.valid]
INVALID = [case for case in CASES if not case.valid]
