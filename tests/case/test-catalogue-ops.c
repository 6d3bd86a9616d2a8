/* test-catalogue-ops.c — the service catalogue's operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "monia-test"

#include "config.h"

#include "monia-core.h"
#include "monia-test-util.h"

typedef struct
{
  char       *dir;
  MoniaStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = monia_test_tmp_dir_new ();
  path = g_build_filename (fixture->dir, "monia.db", NULL);
  fixture->store = monia_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  monia_test_tmp_dir_remove (fixture->dir);
  g_free (fixture->dir);
}

static MoniaRecord *
get_service (Fixture    *fixture,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  MoniaRecord *service = monia_store_get (fixture->store, "service", id, &error);

  g_assert_no_error (error);
  return service;
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) service = NULL;
  g_autofree char *id = NULL;
  MoniaServiceSpec spec;

  monia_service_spec_init (&spec);
  spec.name = "  Perheneuvola  ";
  spec.provider = "Hyvinvointialue";
  spec.sector = "public";
  spec.area = "   ";
  spec.description = "Support for families\nwith children.";
  id = monia_catalogue_add_service (fixture->store, &spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  service = get_service (fixture, id);
  g_assert_cmpstr (monia_record_get_string (service, "name"), ==, "Perheneuvola");
  g_assert_cmpstr (monia_record_get_string (service, "provider"), ==, "Hyvinvointialue");
  g_assert_cmpstr (monia_record_get_string (service, "sector"), ==, "public");
  g_assert_null (monia_record_get_string (service, "area"));
  g_assert_null (monia_record_get_string (service, "contact"));
  g_assert_cmpstr (monia_record_get_string (service, "description"), ==, "Support for families\nwith children.");
  /* Written as any change is, for the next sync. */
  g_assert_cmpint (monia_store_count_pending_changes (fixture->store), ==, 1);
}

static void
test_add_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MoniaServiceSpec spec;

  monia_service_spec_init (&spec);
  spec.name = " \t ";
  id = monia_catalogue_add_service (fixture->store, &spec, &error);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "A service needs a name.");
  g_assert_cmpstr (monia_error_get_field (error), ==, "name");
  g_assert_null (id);
  g_clear_error (&error);

  spec.name = "Perheneuvola";
  spec.sector = "private";
  id = monia_catalogue_add_service (fixture->store, &spec, &error);
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "sector");
  g_assert_null (id);

  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 0);
}

static void
test_edit_and_delete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoniaRecord) service = NULL;
  g_autofree char *id = NULL;
  MoniaServiceSpec spec;

  monia_service_spec_init (&spec);
  spec.name = "Perheneuvola";
  spec.contact = "000 900 1234";
  id = monia_catalogue_add_service (fixture->store, &spec, &error);
  g_assert_no_error (error);

  g_assert_true (monia_catalogue_set_service_field (fixture->store, id, "area", " Koivula ", &error));
  g_assert_no_error (error);
  g_assert_true (monia_catalogue_set_service_field (fixture->store, id, "contact", "", &error));
  g_assert_no_error (error);
  g_assert_true (monia_catalogue_set_service_field (fixture->store, id, "sector", "parish", &error));
  g_assert_no_error (error);
  service = get_service (fixture, id);
  g_assert_cmpstr (monia_record_get_string (service, "area"), ==, "Koivula");
  g_assert_null (monia_record_get_string (service, "contact"));
  g_assert_cmpstr (monia_record_get_string (service, "sector"), ==, "parish");
  g_clear_object (&service);

  /* A name cannot be emptied; what was there stays. */
  g_assert_false (monia_catalogue_set_service_field (fixture->store, id, "name", "  ", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_INVALID_INPUT);
  g_assert_cmpstr (monia_error_get_field (error), ==, "name");
  g_clear_error (&error);
  service = get_service (fixture, id);
  g_assert_cmpstr (monia_record_get_string (service, "name"), ==, "Perheneuvola");
  g_clear_object (&service);

  g_assert_true (monia_catalogue_delete_service (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (monia_store_count (fixture->store, "service"), ==, 0);

  /* Gone: said so, for editing and deleting alike. */
  g_assert_false (monia_catalogue_set_service_field (fixture->store, id, "area", "Koivula", &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "The service is no longer in the catalogue.");
  g_clear_error (&error);
  g_assert_false (monia_catalogue_delete_service (fixture->store, id, &error));
  g_assert_error (error, MONIA_ERROR, MONIA_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/catalogue/add", test_add);
  ADD ("/catalogue/add-refused", test_add_refused);
  ADD ("/catalogue/edit-and-delete", test_edit_and_delete);

  return g_test_run ();
}
