// Submits a form marked data-autosubmit once the page has loaded (the SAML sign-in's
// second step); without JavaScript the form's own button does the same.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
