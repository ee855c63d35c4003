from django import forms
from django.utils.translation import gettext_lazy as _

from dateline.newsletters.models import Newsletter

# The honeypot's name: a field a browser's autofill has no reason to fill in.
HONEYPOT = "nickname"


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    newsletters = forms.ModelMultipleChoiceField(
        label=_("Newsletters"), queryset=Newsletter.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one newsletter.")},
    )
    # Hidden from people (see the template); robots that fill every field fill this one.
    nickname = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletters"].queryset = offered
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields[HONEYPOT].widget.attrs.update(autocomplete="off", tabindex="-1")

    @property
    def filled_by_a_robot(self):
        return bool(self.data.get(HONEYPOT))


class ManageForm(forms.Form):
    newsletters = forms.ModelMultipleChoiceField(
        label=_("Send me"), queryset=Newsletter.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newsletters"].queryset = offered
