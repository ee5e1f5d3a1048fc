from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "ggzy.portal.sso"
    label = "sso"
    verbose_name = "统一身份认证（单点登录）"
