using Microsoft.AspNetCore.Identity;
using WebCrm.Data.Identity;

namespace WebCrm.Web.Features.Account;

/// <summary>A hash of a random password, verified when there is no real one to check, so every failure costs one hash.</summary>
public static class DummyPasswords
{
    private static string? _hash;

    public static void Verify(IPasswordHasher<AppUser> hasher, string password)
    {
        var user = new AppUser();
        _hash ??= hasher.HashPassword(user, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(user, _hash, password);
    }
}
