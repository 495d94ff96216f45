from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("ciop/quote/", views.quote_request, name="quote"),
    path("ciop/quote/confirm/<str:code>/", views.confirm_marketing, name="confirm_marketing"),
    path("ciop/quote/<slug:token>/", views.thanks, name="thanks"),
    path("ciop/quote/<slug:token>/quote.pdf", views.quote_pdf, name="quote_pdf"),
    path("privacy/", views.privacy, name="privacy"),
]
