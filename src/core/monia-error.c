/* monia-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "monia-error.h"

/* An extended error domain: each error carries the field it is about. */
typedef struct
{
  const char *field;
} MoniaErrorPrivate;

static MoniaErrorPrivate *
get_private (const GError *error)
{
  /* Where GLib keeps an extended domain's data: just before the GError. */
  const gsize align = 2 * sizeof (gsize);
  const gsize size = (sizeof (MoniaErrorPrivate) + (align - 1)) & -align;

  return (MoniaErrorPrivate *) (gpointer) (((guint8 *) error) - size);
}

static void
private_init (GError *error)
{
  get_private (error)->field = NULL;
}

static void
private_copy (const GError *src,
              GError       *dest)
{
  get_private (dest)->field = get_private (src)->field;
}

static void
private_clear (GError *error)
{
  get_private (error)->field = NULL;
}

GQuark
monia_error_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_error_domain_register_static ("monia-error-quark", sizeof (MoniaErrorPrivate),
                                                              private_init, private_copy, private_clear));
  return (GQuark) quark;
}

const char *
monia_error_get_field (const GError *error)
{
  if (error == NULL || error->domain != MONIA_ERROR)
    return NULL;
  return get_private (error)->field;
}

void
monia_error_set_field (GError     *error,
                       const char *field)
{
  g_return_if_fail (error != NULL && error->domain == MONIA_ERROR);

  get_private (error)->field = field;
}

void
monia_set_field_error (GError     **error,
                       MoniaError   code,
                       const char  *field,
                       const char  *message)
{
  if (error == NULL)
    return;
  g_set_error_literal (error, MONIA_ERROR, code, message);
  if (*error != NULL)
    monia_error_set_field (*error, field);
}
