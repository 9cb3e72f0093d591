//! E-mail through the operator's SMTP server (lettre): only the password-reset link for now.

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};

/// Sends the password-reset e-mail.
///
/// # Errors
/// The addresses do not parse, or the SMTP server refused or could not be reached.
pub(crate) async fn send_reset(
    smtp_url: &str,
    from: &str,
    to: &str,
    link: &str,
) -> anyhow::Result<()> {
    let body = format!(
        "Someone (we hope you) asked to choose a new password for your resilift account.\n\n\
         Open this link to choose it. It works once, for {} hours:\n\n{link}\n\n\
         Choosing a new password signs you out everywhere else and ends the API tokens you made.\n\n\
         If you did not ask, you can ignore this e-mail: your password stays as it is.\n",
        crate::service::resets::RESET_HOURS
    );
    let message = Message::builder()
        .from(from.parse()?)
        .to(to.parse()?)
        .subject("Choose a new resilift password")
        .header(ContentType::TEXT_PLAIN)
        .body(body)?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)?
        .timeout(Some(std::time::Duration::from_secs(20)))
        .build();
    transport.send(message).await?;
    Ok(())
}
