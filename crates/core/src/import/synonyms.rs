//! Header vocabularies for [`super::mapping`]: exact synonyms in English
//! and Spanish plus the headers of common ESP, CRM and e-commerce exports,
//! and word rules for headers no synonym matches. All written as
//! [`super::mapping::normalize_header`] leaves them.

use super::mapping::Field;

/// Exact header synonyms.
#[rustfmt::skip]
pub(super) const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::Email, &[
        "email", "e_mail", "email_address", "e_mail_address", "emailaddress", "mail", "correo",
        "correo_electronico", "correo_e", "direccion_de_correo", "direccion_email",
        "customer_email", "billing_email", "contact_email", "subscriber_email", "user_email",
        "recipient", "recipient_email", "to_email", "email_del_cliente", "email_1",
        "person_email", "profile_email",
    ]),
    (Field::ContactId, &[
        "contact_id", "customer_id", "id_cliente", "cliente_id", "user_id", "userid",
        "external_id", "record_id", "contact_record_id", "klaviyo_id", "profile_id",
        "subscriber_id", "lead_id", "id_contacto", "id_usuario", "member_id", "customer_user",
        "customer", "cliente", "contact", "contacto", "codigo_cliente", "customer_number",
        "numero_cliente", "euid", "leid", "unique_id",
    ]),
    (Field::Phone, &[
        "phone", "phone_number", "mobile", "mobile_phone", "mobile_number", "telefono",
        "telefono_movil", "movil", "celular", "tel", "sms", "billing_phone", "phone_1",
        "numero_de_telefono", "cell_phone",
    ]),
    (Field::Timestamp, &[
        "timestamp", "date", "time", "datetime", "date_time", "event_time", "event_date",
        "occurred_at", "time_stamp", "fecha", "fecha_hora", "fecha_y_hora", "event_timestamp",
        "processed", "order_date", "fecha_pedido", "fecha_del_pedido", "paid_at", "sent_at",
        "sent_date", "send_time", "send_date", "fecha_envio", "fecha_de_envio", "date_sent",
        "consent_date", "timestamp_utc", "datetime_utc", "activity_date", "click_date",
        "open_date", "fecha_evento", "hora", "when", "updated_at", "fecha_consentimiento",
        "updated", "last_updated", "last_modified", "last_modified_date", "modified_at",
        "fecha_actualizacion", "fecha_de_actualizacion", "fecha_modificacion",
    ]),
    (Field::CreatedAt, &[
        "created_at", "create_date", "created_date", "createdate", "created", "signup_date",
        "date_added", "optin_time", "opt_in_time", "fecha_alta", "fecha_de_alta",
        "fecha_registro", "fecha_de_registro", "fecha_creacion", "fecha_de_creacion",
        "registration_date", "customer_since", "member_since", "date_created", "confirm_time",
    ]),
    (Field::Channel, &[
        "channel", "canal", "medium", "channel_type", "message_channel", "medio",
        "tipo_de_canal", "canal_de_comunicacion",
    ]),
    (Field::EventType, &[
        "event", "event_type", "action", "activity", "activity_type", "evento", "tipo_evento",
        "tipo_de_evento", "accion", "actividad", "metric", "metric_name", "interaction",
        "interaction_type", "kind", "event_kind", "tipo_de_interaccion", "status_event",
    ]),
    (Field::EventName, &[
        "event_name", "step", "funnel_step", "paso", "event_label", "nombre_evento",
        "nombre_del_evento", "category", "categoria",
    ]),
    (Field::Direction, &[
        "direction", "direccion", "inbound_outbound", "in_out", "sentido",
    ]),
    (Field::Scope, &[
        "scope", "purpose", "ambito", "alcance", "proposito", "communication_type", "objetivo",
    ]),
    (Field::Campaign, &[
        "campaign", "campaign_id", "campana", "id_campana", "marketing_campaign_id",
        "utm_campaign", "flow", "flow_id", "campaign_code", "codigo_campana",
    ]),
    (Field::Session, &[
        "session", "session_id", "sesion", "id_sesion", "visit_id", "ga_session_id",
    ]),
    (Field::Value, &[
        "value", "revenue", "valor", "score", "puntuacion", "rating", "ingresos",
        "conversion_value", "nps", "csat", "valoracion",
    ]),
    (Field::MachineOpen, &[
        "machine_open", "is_machine_open", "mpp", "apple_mpp", "privacy_open", "proxy_open",
        "apertura_automatica", "machine_opened", "apple_privacy_open",
    ]),
    (Field::BotClick, &[
        "bot_click", "is_bot", "bot", "suspected_bot", "bot_clic", "clic_bot", "is_bot_click",
        "machine_click",
    ]),
    (Field::Flags, &["flags", "event_flags", "indicadores", "marcas"]),
    (Field::Url, &[
        "url", "link", "clicked_url", "link_url", "enlace", "click_url", "url_clicked", "href",
        "clicked_link", "url_del_enlace",
    ]),
    (Field::BounceType, &[
        "bounce_type", "tipo_rebote", "tipo_de_rebote", "bounce_category",
    ]),
    (Field::OrderId, &[
        "order_id", "order_number", "order", "order_no", "pedido", "numero_pedido",
        "numero_de_pedido", "id_pedido", "n_pedido", "transaction_id", "invoice",
        "invoice_number", "factura", "order_name", "id_transaccion", "ticket_id_pedido",
    ]),
    (Field::Amount, &[
        "amount", "total", "order_total", "total_price", "total_amount", "importe",
        "importe_total", "monto", "total_pedido", "grand_total", "sales", "ventas",
        "order_amount", "precio_total", "total_del_pedido", "transaction_amount",
    ]),
    (Field::Currency, &[
        "currency", "moneda", "divisa", "currency_code", "order_currency",
    ]),
    (Field::Name, &[
        "name", "full_name", "fullname", "nombre_completo", "contact_name", "customer_name",
        "billing_name", "display_name", "nombre_y_apellidos", "nombre_apellidos",
    ]),
    (Field::FirstName, &[
        "first_name", "firstname", "given_name", "nombre", "fname", "prenom",
        "billing_first_name", "nombre_de_pila",
    ]),
    (Field::LastName, &[
        "last_name", "lastname", "surname", "family_name", "apellido", "apellidos", "lname",
        "billing_last_name",
    ]),
    (Field::Country, &[
        "country", "pais", "country_region", "mailing_country", "billing_country",
        "country_code", "nation", "nacionalidad", "shipping_country",
    ]),
    (Field::City, &[
        "city", "ciudad", "region", "state", "state_region", "provincia", "localidad",
        "municipio", "town", "mailing_city", "billing_city", "poblacion", "comunidad",
        "shipping_city",
    ]),
    (Field::BirthYear, &[
        "birth_year", "year_of_birth", "ano_nacimiento", "anio_nacimiento", "ano_de_nacimiento",
        "birthyear",
    ]),
    (Field::BirthDate, &[
        "birthdate", "birth_date", "date_of_birth", "dob", "birthday", "fecha_nacimiento",
        "fecha_de_nacimiento", "cumpleanos",
    ]),
    (Field::Age, &[
        "age", "edad",
    ]),
    (Field::JobTitle, &[
        "job_title", "title", "jobtitle", "role", "position", "cargo", "puesto", "rol",
        "occupation", "profesion", "job_role", "puesto_de_trabajo",
    ]),
    (Field::Company, &[
        "company", "company_name", "account_name", "organization", "organisation", "empresa",
        "compania", "organizacion", "employer", "account", "nombre_empresa",
    ]),
    (Field::CompanySize, &[
        "company_size", "employees", "number_of_employees", "no_of_employees", "num_employees",
        "empleados", "numero_empleados", "numero_de_empleados", "tamano_empresa",
        "tamano_de_empresa", "headcount",
    ]),
    (Field::Stage, &[
        "lifecycle_stage", "stage", "lifecyclestage", "lead_status", "etapa", "fase",
        "etapa_del_ciclo_de_vida", "customer_stage", "estado_ciclo_de_vida",
    ]),
    (Field::CampaignName, &[
        "campaign_name", "nombre_campana", "nombre_de_campana", "campaign_title",
        "marketing_campaign_name", "campaign_title_name",
    ]),
    (Field::Subject, &[
        "subject", "subject_line", "asunto", "topic", "tema", "email_subject", "list",
        "list_name", "lista", "subscription", "subscription_type", "consent_subject",
    ]),
    (Field::MessageType, &[
        "message_type", "tipo_mensaje", "tipo_de_mensaje", "template", "email_type",
        "content_type", "tipo_de_campana", "campaign_type",
    ]),
    (Field::Cost, &[
        "cost", "coste", "costo", "spend", "gasto", "budget", "presupuesto", "cost_eur",
    ]),
    (Field::ConsentStatus, &[
        "consent", "consent_status", "opt_in", "optin", "opted_in", "subscribed",
        "subscription_status", "consentimiento", "estado_consentimiento", "accepts_marketing",
        "accepts_email_marketing", "email_marketing_consent", "marketing_consent", "permission",
        "gdpr_consent", "double_opt_in", "email_opt_in", "acepta_marketing",
        "acepta_comunicaciones", "suscrito",
    ]),
    (Field::Source, &[
        "source", "origen", "fuente", "lead_source", "consent_source", "signup_source",
        "opt_in_source", "canal_de_captacion",
    ]),
];

/// Words that suggest a field when no synonym matches exactly; the first
/// rule whose word occurs in the header wins.
#[rustfmt::skip]
pub(super) const CONTAINS: &[(&str, Field)] = &[
    ("consent", Field::ConsentStatus),
    ("opt_in", Field::ConsentStatus),
    ("birth", Field::BirthDate),
    ("nacimiento", Field::BirthDate),
    ("email", Field::Email),
    ("correo", Field::Email),
    ("phone", Field::Phone),
    ("telefono", Field::Phone),
    ("movil", Field::Phone),
    ("created", Field::CreatedAt),
    ("alta", Field::CreatedAt),
    ("signup", Field::CreatedAt),
    ("campaign", Field::Campaign),
    ("campana", Field::Campaign),
    ("timestamp", Field::Timestamp),
    ("date", Field::Timestamp),
    ("fecha", Field::Timestamp),
    ("country", Field::Country),
    ("pais", Field::Country),
    ("city", Field::City),
    ("ciudad", Field::City),
    ("company", Field::Company),
    ("empresa", Field::Company),
    ("order", Field::OrderId),
    ("pedido", Field::OrderId),
    ("currency", Field::Currency),
    ("session", Field::Session),
    ("url", Field::Url),
    ("customer_id", Field::ContactId),
];
